/**
 * An upload is received whole before anything is written: each report's bytes are un-gzipped, counted
 * against the upload's budget, hashed and spooled to a temporary file while the client sends them. Only
 * then does the import open a transaction, so a slow or stalled client holds no database connection and
 * no lock, and the content hash tells a retried shard from a new one before a row is written.
 *
 * A file that is a tar archive (a results directory, as `verdict upload DIR` sends it) is spooled as it
 * is and its entries become the upload's files, each read back from the archive by offset. A zip archive
 * (a CI's `allure-results.zip`) is spooled likewise, then its entries are inflated into a second file, each
 * counted against the budget and checked against its size and CRC, before anything is imported.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { closeSync, createReadStream, createWriteStream, fstatSync, openSync, readSync, type WriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import type { ReportFormat } from '../importers/index.js';
import { ImportError, isAllureAttachment } from '../importers/index.js';
import { ByteBudget, counted, gunzipIfCompressed, peek, toBuffer, tooLarge, type Chunks } from './report-input.js';
import { isTarHeader, TarIndex } from './tar-reader.js';
import { COMPRESSION_METHODS, isZipHead, readZipDirectory, type ZipEntry } from './zip-reader.js';

export interface ReportFile {
  /** For error messages and the summary. */
  name: string;
  /** Detected from the content when absent. */
  format?: ReportFormat;
  /** Raw or gzip-compressed bytes. */
  chunks: Chunks;
  /** As the client declared it; a zip type makes the file a zip archive whatever its first bytes say. */
  contentType?: string;
}

const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/x-zip'];

export interface SpooledReport {
  name: string;
  format?: ReportFormat;
  bytes: number;
  /** The report's plain (un-gzipped) bytes, read as often as needed. */
  open(): Chunks;
  /** The same bytes whole (for files read whole anyway: JSON). */
  read(): Promise<Buffer>;
  /** The tar or zip archive the file came in, by the name it was sent under. */
  archive?: string;
}

export interface SpooledUpload {
  reports: SpooledReport[];
  /** SHA-256 over every report's plain bytes, in order: the same shard sent again has the same hash. */
  contentHash: string;
  dispose(): Promise<void>;
}

/**
 * A report written in UTF-16 (PowerShell's default, some .NET tools) is read as what it says: a byte-order
 * mark tells the encoding, and the bytes are turned into UTF-8 on the way to the spool.
 */
async function* toUtf8(chunks: Chunks): AsyncGenerator<Uint8Array | string> {
  let decoder: TextDecoder | undefined;
  let first = true;
  for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (first && bytes.byteLength >= 2) {
      first = false;
      if (bytes[0] === 0xff && bytes[1] === 0xfe) decoder = new TextDecoder('utf-16le');
      else if (bytes[0] === 0xfe && bytes[1] === 0xff) decoder = new TextDecoder('utf-16be');
    }
    yield decoder ? Buffer.from(decoder.decode(bytes, { stream: true })) : bytes;
  }
  if (decoder) yield Buffer.from(decoder.decode());
}

export async function spoolUpload(files: AsyncIterable<ReportFile> | Iterable<ReportFile>, budget?: ByteBudget): Promise<SpooledUpload> {
  const dir = await mkdtemp(join(tmpdir(), 'verdict-upload-'));
  const handles: number[] = [];
  const dispose = async () => {
    for (const fd of handles.splice(0)) closeSync(fd);
    await rm(dir, { recursive: true, force: true });
  };
  const uploadHash = createHash('sha256');
  const reports: SpooledReport[] = [];
  let spooled = 0;
  try {
    for await (const file of files) {
      const path = join(dir, `${spooled++}.report`);
      const plain = await gunzipIfCompressed(file.chunks, file.name);
      const { head, rest } = await peek(plain, 512);
      const first = toBuffer(head);
      if (isTarHeader(first)) {
        uploadHash.update(`${await spoolArchive(rest, path, file, budget, reports, handles)}\n`);
        continue;
      }
      if (isZipHead(first) || ZIP_TYPES.includes(file.contentType?.split(';')[0]!.trim().toLowerCase() ?? '')) {
        uploadHash.update(`${await spoolZip(rest, path, file, budget, reports, handles)}\n`);
        continue;
      }
      const hash = createHash('sha256');
      let bytes = 0;
      async function* measured(chunks: Chunks) {
        for await (const chunk of chunks) {
          const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          hash.update(buffer);
          bytes += buffer.byteLength;
          yield buffer;
        }
      }
      // An attachment keeps its bytes: a UTF-16 mark at its start is not a report's encoding.
      await pipeline(measured(counted(isAllureAttachment(file.name) ? rest : toUtf8(rest), budget)), createWriteStream(path));
      uploadHash.update(`${hash.digest('hex')}\n`);
      reports.push({ name: file.name, format: file.format, bytes, open: () => createReadStream(path), read: () => readFile(path) });
    }
  } catch (e) {
    await dispose();
    throw e;
  }
  return { reports, contentHash: uploadHash.digest('hex'), dispose };
}

/**
 * A tar archive spooled whole, its regular files added to `reports` (read back by offset through one
 * shared handle); returns the archive's hash. Entries keep their bytes as they are: no gzip or UTF-16
 * undoing inside an archive (an attachment is stored as sent).
 */
async function spoolArchive(chunks: Chunks, path: string, file: ReportFile, budget: ByteBudget | undefined, reports: SpooledReport[], handles: number[]): Promise<string> {
  const index = new TarIndex();
  const hash = createHash('sha256');
  async function* watched() {
    for await (const chunk of counted(chunks, budget)) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(buffer);
      index.push(buffer);
      yield buffer;
    }
  }
  await pipeline(watched(), createWriteStream(path));
  const problem = index.finish();
  if (problem) throw new ImportError(problem, file.name);
  addEntries(path, index.entries, file, reports, handles);
  return hash.digest('hex');
}

/**
 * An archive entry's name as a file of the upload; undefined for one that climbs out (`..`) or is absolute
 * (`/x`, `C:/x`), which no results tool writes: such an entry is left out. (Names are only ever keys here,
 * never paths on this disk; leaving them out keeps an attachment `source` from naming something outside.)
 */
export function archiveEntryName(name: string): string | undefined {
  const clean = name.replace(/^(\.\/)+/, '');
  if (clean.startsWith('/') || /^[A-Za-z]:/.test(clean) || clean.split('/').includes('..')) return undefined;
  return clean;
}

/** The files of an archive, each read back from `path` by offset through one shared handle. */
function addEntries(path: string, entries: readonly { name: string; offset: number; size: number }[], file: ReportFile, reports: SpooledReport[], handles: number[]): void {
  let fd: number | undefined;
  const shared = () => fd ?? handles[handles.push((fd = openSync(path, 'r'))) - 1]!;
  for (const entry of entries) {
    const name = archiveEntryName(entry.name);
    if (name === undefined) continue;
    // Entries are mostly small JSON files just written (in the page cache): one synchronous positional read
    // each costs less than a round trip through the thread pool. Large ones stream through open().
    const read = async () => {
      const buffer = Buffer.alloc(entry.size);
      for (let done = 0; done < entry.size; ) {
        const n = readSync(shared(), buffer, done, entry.size - done, entry.offset + done);
        if (n === 0) break;
        done += n;
      }
      return buffer;
    };
    const open = (): Chunks => (entry.size ? createReadStream(path, { start: entry.offset, end: entry.offset + entry.size - 1 }) : (async function* () {})());
    reports.push({ name, format: file.format, bytes: entry.size, open, read, archive: file.name });
  }
}

/**
 * A zip archive spooled whole, then read by its central directory and its entries inflated, one after
 * the other, into `path.entries`; returns the archive's hash. Every problem (a truncated archive, a method
 * other than stored or deflate, an entry whose bytes do not match its size or CRC) is found here, before
 * any import starts. The archive's bytes count against a limit of their own; what it unpacks to counts
 * against the upload's budget, as a tar's bytes do: a zip bomb announced by its sizes is refused before a
 * byte is inflated, and one that lies about them stops at the size it declared.
 */
async function spoolZip(chunks: Chunks, path: string, file: ReportFile, budget: ByteBudget | undefined, reports: SpooledReport[], handles: number[]): Promise<string> {
  const hash = createHash('sha256');
  async function* watched() {
    for await (const chunk of counted(chunks, budget && new ByteBudget(budget.limit))) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(buffer);
      yield buffer;
    }
  }
  await pipeline(watched(), createWriteStream(path));
  const fd = openSync(path, 'r');
  handles.push(fd);
  const readAt = (position: number, length: number) => {
    const buffer = Buffer.alloc(length);
    let done = 0;
    for (let n = -1; done < length && n !== 0; done += n) n = readSync(fd, buffer, done, length - done, position + done);
    return buffer.subarray(0, done);
  };
  const directory = readZipDirectory(readAt, fstatSync(fd).size);
  if (!directory.ok) throw new ImportError(directory.problem, file.name);
  const kept = directory.entries.filter((e) => archiveEntryName(e.name) !== undefined);
  for (const e of kept) {
    if (e.encrypted) throw new ImportError(`zip entry "${e.name}" is encrypted, which is not supported`, file.name);
    if (e.method !== 0 && e.method !== 8) {
      throw new ImportError(`zip entry "${e.name}" uses compression method ${e.method} (${COMPRESSION_METHODS[e.method] ?? 'unknown'}); only stored (0) and deflate (8) are supported`, file.name);
    }
  }
  if (budget && budget.used + kept.reduce((n, e) => n + e.size, 0) > budget.limit) throw tooLarge(budget.limit);
  const entriesPath = `${path}.entries`;
  const out = createWriteStream(entriesPath);
  const located: { name: string; offset: number; size: number }[] = [];
  try {
    let offset = 0;
    for (const e of kept) {
      await inflateEntry(path, e, out, budget, file.name);
      located.push({ name: e.name, offset, size: e.size });
      offset += e.size;
    }
  } finally {
    await new Promise<void>((resolve) => out.end(resolve));
  }
  addEntries(entriesPath, located, file, reports, handles);
  return hash.digest('hex');
}

/** One entry's bytes, inflated (or copied) from the archive to `out`, checked against its size and CRC. */
async function inflateEntry(archive: string, entry: ZipEntry, out: WriteStream, budget: ByteBudget | undefined, fileName: string): Promise<void> {
  const corrupt = (why: string) => new ImportError(`zip entry "${entry.name}" is corrupt (${why})`, fileName);
  if (entry.compressedSize === 0) {
    if (entry.size === 0) return;
    throw corrupt(`no data for the ${entry.size} bytes it declares`);
  }
  const source = createReadStream(archive, { start: entry.dataOffset, end: entry.dataOffset + entry.compressedSize - 1 });
  const inflater = entry.method === 8 ? createInflateRaw() : undefined;
  const feeding = inflater ? pipeline(source, inflater) : undefined;
  feeding?.catch(() => {}); // surfaced by the loop below
  let written = 0;
  let crc = 0;
  try {
    for await (const chunk of (inflater ?? source) as AsyncIterable<Buffer>) {
      written += chunk.byteLength;
      if (written > entry.size) throw corrupt(`it unpacks to more than the ${entry.size} bytes it declares`);
      budget?.take(chunk.byteLength);
      crc = crc32(chunk, crc);
      if (!out.write(chunk)) await once(out, 'drain');
    }
    await feeding;
  } catch (e) {
    // zlib's errors (Z_DATA_ERROR, Z_BUF_ERROR: a cut-off stream) are the archive's; anything else is ours.
    if ((e as { code?: unknown }).code?.toString().startsWith('Z_')) throw corrupt((e as Error).message);
    throw e;
  } finally {
    source.destroy();
    inflater?.destroy();
  }
  if (written !== entry.size) throw corrupt(`${written} bytes instead of the ${entry.size} it declares`);
  if ((crc >>> 0) !== entry.crc32) throw corrupt('its CRC-32 does not match');
}
