/**
 * An upload is received whole before anything is written: each report's bytes are un-gzipped, counted
 * against the upload's budget, hashed and spooled to a temporary file while the client sends them. Only
 * then does the import open a transaction, so a slow or stalled client holds no database connection and
 * no lock, and the content hash tells a retried shard from a new one before a row is written.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ReportFormat } from '../importers/index.js';
import { counted, gunzipIfCompressed, type ByteBudget, type Chunks } from './report-input.js';

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
  const dispose = () => rm(dir, { recursive: true, force: true });
  const uploadHash = createHash('sha256');
  const reports: SpooledReport[] = [];
  try {
    for await (const file of files) {
      const path = join(dir, `${reports.length}.report`);
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
      await pipeline(measured(counted(toUtf8(await gunzipIfCompressed(file.chunks, file.name)), budget)), createWriteStream(path));
      uploadHash.update(`${hash.digest('hex')}\n`);
      reports.push({ name: file.name, format: file.format, bytes, open: () => createReadStream(path) });
    }
  } catch (e) {
    await dispose();
    throw e;
  }
  return { reports, contentHash: uploadHash.digest('hex'), dispose };
}
