/**
 * A zip archive (what CI systems hand over as `allure-results.zip`) read from its spool file by its
 * central directory, the one authoritative list: a local header written with the data-descriptor flag
 * (a zip written as a stream, `zip -r - dir`) has no sizes, so an archive cannot be trusted read front to
 * back. Zip64 sizes and offsets are understood. Only the structure is read here, a few small positional
 * reads; the entries' bytes are inflated by the spool (upload-spool.ts), which checks sizes and CRCs.
 */

export interface ZipEntry {
  /** The path as the archive names it (backslashes of Windows tools turned into '/'). */
  name: string;
  /** 0 stored, 8 deflate; anything else is refused by the caller. */
  method: number;
  encrypted: boolean;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Where the entry's compressed bytes start. */
  dataOffset: number;
}

/** Reads `length` bytes at `position`; fewer at the end of the file. */
export type ReadAt = (position: number, length: number) => Buffer;

export type ZipDirectory = { ok: true; entries: ZipEntry[] } | { ok: false; problem: string };

const EOCD = 0x06054b50;
const EOCD64 = 0x06064b50;
const EOCD64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;

/** True when the bytes start like a zip: a local header, or the end record of an empty archive. */
export function isZipHead(head: Uint8Array): boolean {
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

export const COMPRESSION_METHODS: Record<number, string> = { 0: 'stored', 1: 'shrunk', 6: 'imploded', 8: 'deflate', 9: 'deflate64', 12: 'bzip2', 14: 'LZMA', 93: 'zstd', 95: 'xz', 98: 'PPMd', 99: 'AES-encrypted' };

/** The entries of the archive of `fileSize` bytes, directories and symbolic links aside. */
export function readZipDirectory(readAt: ReadAt, fileSize: number): ZipDirectory {
  const fail = (problem: string): ZipDirectory => ({ ok: false, problem });
  // The end record sits in the last 22 bytes, or before a comment of up to 64 KiB.
  const tailStart = Math.max(0, fileSize - (22 + MAX16));
  const tail = readAt(tailStart, fileSize - tailStart);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return fail('the zip archive is truncated or not a zip (no end of central directory record)');
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) return fail('the zip archive spans several disks, which is not supported');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === MAX16 || cdSize === MAX32 || cdOffset === MAX32) {
    const locatorAt = tailStart + eocd - 20;
    const locator = locatorAt >= 0 ? readAt(locatorAt, 20) : Buffer.alloc(0);
    if (locator.length < 20 || locator.readUInt32LE(0) !== EOCD64_LOCATOR) return fail('the zip archive is corrupt (its zip64 end record is missing)');
    const at = Number(locator.readBigUInt64LE(8));
    const record = at + 56 <= fileSize ? readAt(at, 56) : Buffer.alloc(0);
    if (record.length < 56 || record.readUInt32LE(0) !== EOCD64) return fail('the zip archive is corrupt (its zip64 end record is missing)');
    count = Number(record.readBigUInt64LE(32));
    cdSize = Number(record.readBigUInt64LE(40));
    cdOffset = Number(record.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > fileSize) return fail('the zip archive is truncated (its central directory lies past the end)');
  const cd = readAt(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) return fail(`the zip archive is corrupt (central directory entry ${n + 1} of ${count} is broken)`);
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const crc32 = cd.readUInt32LE(p + 16);
    let compressedSize = cd.readUInt32LE(p + 20);
    let size = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    const madeBy = cd.readUInt16LE(p + 4) >> 8;
    const mode = cd.readUInt32LE(p + 38) >>> 16;
    let localOffset = cd.readUInt32LE(p + 42);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > cd.length) return fail(`the zip archive is corrupt (central directory entry ${n + 1} of ${count} is broken)`);
    const name = entryName(cd.subarray(p + 46, p + 46 + nameLength), (flags & 0x800) !== 0);
    // Zip64: the fields that overflowed, in this order, in extra field 0x0001.
    const extra = cd.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength);
    for (let e = 0; e + 4 <= extra.length; ) {
      const id = extra.readUInt16LE(e);
      const length = extra.readUInt16LE(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        const next = () => (q + 8 <= e + 4 + length && q + 8 <= extra.length ? Number(extra.readBigUInt64LE((q += 8) - 8)) : undefined);
        if (size === MAX32) size = next() ?? size;
        if (compressedSize === MAX32) compressedSize = next() ?? compressedSize;
        if (localOffset === MAX32) localOffset = next() ?? localOffset;
      }
      e += 4 + length;
    }
    p = end;
    // A directory, or a symbolic link written on Unix: no file of the results.
    if (name.endsWith('/') || (madeBy === 3 && (mode & 0o170000) === 0o120000)) continue;
    const local = readAt(localOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) return fail(`the zip archive is corrupt (the local header of "${name}" is missing)`);
    const dataOffset = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataOffset + compressedSize > cdOffset) return fail(`the zip archive is truncated or corrupt ("${name}" runs past the end of the entries)`);
    entries.push({ name, method, encrypted: (flags & 1) !== 0, crc32, compressedSize, size, dataOffset });
  }
  return { ok: true, entries };
}

/** UTF-8 when flagged, and in practice also when not (many tools write UTF-8 without the flag); else CP437's ASCII part, as Latin-1. */
function entryName(bytes: Buffer, utf8: boolean): string {
  let name: string;
  try {
    name = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    name = utf8 ? bytes.toString('utf8') : bytes.toString('latin1');
  }
  return name.replace(/\\/g, '/');
}
