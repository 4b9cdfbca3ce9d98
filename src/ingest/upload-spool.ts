/**
 * An upload is received whole before anything is written: each report's bytes are un-gzipped, counted
 * against the upload's budget, hashed and spooled to a temporary file while the client sends them. Only
 * then does the import open a transaction, so a slow or stalled client holds no database connection and
 * no lock, and the content hash tells a retried shard from a new one before a row is written.
 *
 * A file that is a tar archive (a results directory, as `verdict upload DIR` sends it) is spooled as it
 * is and its entries become the upload's files, each read back from the archive by offset.
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, readSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ReportFormat } from '../importers/index.js';
import { ImportError, isAllureAttachment } from '../importers/index.js';
import { counted, gunzipIfCompressed, peek, toBuffer, type ByteBudget, type Chunks } from './report-input.js';
import { isTarHeader, TarIndex } from './tar-reader.js';

export interface ReportFile {
  /** For error messages and the summary. */
  name: string;
  /** Detected from the content when absent. */
  format?: ReportFormat;
  /** Raw or gzip-compressed bytes. */
  chunks: Chunks;
}

export interface SpooledReport {
  name: string;
  format?: ReportFormat;
  bytes: number;
  /** The report's plain (un-gzipped) bytes, read as often as needed. */
  open(): Chunks;
  /** The same bytes whole (for files read whole anyway: JSON). */
  read(): Promise<Buffer>;
  /** The tar archive the file came in, by the name it was sent under. */
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
      if (isTarHeader(toBuffer(head))) {
        uploadHash.update(`${await spoolArchive(rest, path, file, budget, reports, handles)}\n`);
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
  let fd: number | undefined;
  const shared = () => fd ?? handles[handles.push((fd = openSync(path, 'r'))) - 1]!;
  for (const entry of index.entries) {
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
    reports.push({ name: entry.name, format: file.format, bytes: entry.size, open, read, archive: file.name });
  }
  return hash.digest('hex');
}
