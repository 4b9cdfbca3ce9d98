/**
 * A tar archive (ustar, with pax and GNU long names) read as it streams past: `TarIndex` watches the bytes
 * on their way to the spool file and records where each regular file's data lies, so the archive is
 * written once and each entry read back by offset. Nothing is buffered but a header.
 */

export interface TarEntry {
  /** The entry's path, '/'-separated, without a leading `./`. */
  name: string;
  /** Where its data starts in the archive. */
  offset: number;
  size: number;
}

const BLOCK = 512;

/** True when a block is a ustar header (POSIX `ustar\0` or GNU `ustar `) with a right checksum. */
export function isTarHeader(block: Uint8Array): boolean {
  if (block.length < BLOCK) return false;
  const magic = Buffer.from(block.subarray(257, 262)).toString('latin1');
  return magic === 'ustar' && checksumOk(block);
}

function checksumOk(block: Uint8Array): boolean {
  const stored = parseOctal(block.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  return stored === sum;
}

function parseOctal(field: Uint8Array): number {
  // GNU base-256 for sizes of 8 GiB and more.
  if (field[0]! & 0x80) {
    let n = field[0]! & 0x7f;
    for (let i = 1; i < field.length; i++) n = n * 256 + field[i]!;
    return n;
  }
  const text = Buffer.from(field).toString('latin1').replace(/\0.*$/s, '').trim();
  return text ? parseInt(text, 8) : 0;
}

const cString = (field: Uint8Array) => Buffer.from(field).toString('utf8').replace(/\0.*$/s, '');

/** `len key=value\n` records of a pax extended header. */
function paxRecords(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const space = data.indexOf(0x20, i);
    if (space < 0) break;
    const length = parseInt(data.subarray(i, space).toString('latin1'), 10);
    if (!(length > 0)) break;
    const record = data.subarray(space + 1, i + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    i += length;
  }
  return out;
}

export class TarIndex {
  readonly entries: TarEntry[] = [];
  private position = 0;
  private header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  /** Bytes of the current entry's data (and padding) still to pass. */
  private skip = 0;
  /** A pax or GNU long-name header's data, collected for the next entry. */
  private meta: { kind: 'pax' | 'longname'; data: Buffer[]; left: number } | undefined;
  private next: { name?: string; size?: number } = {};
  private ended = false;
  /** The first problem, reported when the archive is complete. */
  problem: string | undefined;

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && !this.ended) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        if (this.meta && this.meta.left > 0) {
          const take = Math.min(this.meta.left, n);
          this.meta.data.push(Buffer.from(chunk.subarray(i, i + take)));
          this.meta.left -= take;
        }
        this.skip -= n;
        i += n;
        this.position += n;
        if (this.skip === 0 && this.meta) this.endMeta();
        continue;
      }
      const n = Math.min(BLOCK - this.headerFill, chunk.length - i);
      this.header.set(chunk.subarray(i, i + n), this.headerFill);
      this.headerFill += n;
      i += n;
      this.position += n;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.onHeader();
      }
    }
  }

  /** The archive's problem, if its end was missing or a header was broken. */
  finish(): string | undefined {
    if (!this.ended && (this.headerFill > 0 || this.skip > 0)) this.problem ??= 'the tar archive is truncated';
    return this.problem;
  }

  private onHeader(): void {
    const block = this.header;
    if (block.every((b) => b === 0)) {
      this.ended = true;
      return;
    }
    if (!checksumOk(block)) {
      this.problem ??= `a tar header at byte ${this.position - BLOCK} is corrupt`;
      this.ended = true;
      return;
    }
    const type = String.fromCharCode(block[156]!);
    const size = this.next.size ?? parseOctal(block.subarray(124, 136));
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x' || type === 'L') {
      this.meta = { kind: type === 'x' ? 'pax' : 'longname', data: [], left: size };
      this.skip = padded;
      if (padded === 0) this.endMeta();
      return;
    }
    const prefix = cString(block.subarray(345, 500));
    const name = this.next.name ?? (prefix ? `${prefix}/${cString(block.subarray(0, 100))}` : cString(block.subarray(0, 100)));
    this.next = {};
    if (type === '0' || type === '\0' || type === '7') {
      this.entries.push({ name: name.replace(/^(\.\/)+/, ''), offset: this.position, size });
    }
    this.skip = padded;
  }

  private endMeta(): void {
    const meta = this.meta!;
    this.meta = undefined;
    const data = Buffer.concat(meta.data);
    if (meta.kind === 'longname') this.next.name = data.toString('utf8').replace(/\0.*$/s, '');
    else {
      const records = paxRecords(data);
      if (records.path) this.next.name = records.path;
      if (records.size && /^\d+$/.test(records.size)) this.next.size = Number(records.size);
    }
  }
}
