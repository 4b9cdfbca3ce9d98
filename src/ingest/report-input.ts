/**
 * The bytes of one uploaded report on their way to an importer: gzip undone (by its magic bytes, so a
 * `.xml.gz` works whatever the client declared), every byte counted against the upload's budget (after
 * decompression, so a gzip bomb stops at the limit), and the format detected from the head when the
 * caller did not name it. All of it streams: nothing here holds more than the first 4 KiB.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { VerdictError } from '../core/errors.js';
import { detectFormat, ImportError, REPORT_FORMATS, type ReportFormat } from '../importers/index.js';

export type Chunks = AsyncIterable<Uint8Array | string>;

/** The bytes an upload may still use; shared by the files of one upload. */
export class ByteBudget {
  used = 0;
  constructor(readonly limit: number) {}

  take(n: number): void {
    this.used += n;
    if (this.used > this.limit) throw tooLarge(this.limit);
  }
}

export function tooLarge(limit: number): VerdictError {
  return new VerdictError('PAYLOAD_TOO_LARGE', `The upload is larger than the limit of ${formatBytes(limit)} (counted after decompression; see VERDICT_BODY_LIMIT_MB)`);
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MiB` : `${n} bytes`;
}

/** Passes chunks through, charging each to `budget`. */
export async function* counted(chunks: Chunks, budget: ByteBudget | undefined): AsyncGenerator<Uint8Array | string> {
  for await (const chunk of chunks) {
    budget?.take(typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength);
    yield chunk;
  }
}

/** Reads the first chunks until `min` bytes are buffered; `rest` replays them, then the remainder. */
export async function peek(chunks: Chunks, min: number): Promise<{ head: (Uint8Array | string)[]; bytes: number; rest: Chunks }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: (Uint8Array | string)[] = [];
  let bytes = 0;
  let done = false;
  while (bytes < min) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    head.push(next.value);
    bytes += typeof next.value === 'string' ? Buffer.byteLength(next.value) : next.value.byteLength;
  }
  async function* rest() {
    yield* head;
    if (done) return;
    // Re-wrap the half-consumed iterator so `for await` can finish (and close) it.
    yield* { [Symbol.asyncIterator]: () => iterator };
  }
  return { head, bytes, rest: rest() };
}

export const toBuffer = (parts: (Uint8Array | string)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));

/** Undoes gzip when the stream starts with its magic bytes (1f 8b); other input passes unchanged. */
export async function gunzipIfCompressed(chunks: Chunks, fileName: string): Promise<Chunks> {
  const { head, rest } = await peek(chunks, 2);
  const first = toBuffer(head);
  if (first.length < 2 || first[0] !== 0x1f || first[1] !== 0x8b) return rest;
  return gunzipped(rest, fileName);
}

async function* gunzipped(chunks: Chunks, fileName: string): AsyncGenerator<Uint8Array> {
  const gunzip = createGunzip();
  const feeding = pipeline(Readable.from(chunks, { objectMode: false }), gunzip);
  feeding.catch(() => {}); // surfaced by the loop below
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
    await feeding;
  } catch (e) {
    if (e instanceof VerdictError || e instanceof ImportError) throw e;
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('Z_') || /unexpected end of file|incorrect header|invalid/i.test((e as Error).message)) {
      throw new ImportError(`the gzip stream is corrupt or truncated (${(e as Error).message})`, fileName);
    }
    throw e;
  } finally {
    gunzip.destroy();
  }
}

/** Detection reads at most this much of the (decompressed) head. */
const HEAD_BYTES = 4096;

export type OpenedReport = { ok: true; format: ReportFormat; chunks: Chunks } | { ok: false; error: VerdictError };

/**
 * Identifies one (plain, spooled) report by its head. A report whose format cannot be told is a failed
 * result, not an exception, so the caller can say which file it was.
 */
export async function identifyReport(file: { name: string; format?: ReportFormat; chunks: Chunks }): Promise<OpenedReport> {
  const plain = file.chunks;
  if (file.format) return { ok: true, format: file.format, chunks: plain };
  const { head, bytes, rest } = await peek(plain, HEAD_BYTES);
  const text = new TextDecoder('utf-8').decode(toBuffer(head).subarray(0, HEAD_BYTES));
  const format = detectFormat(text);
  if (format) return { ok: true, format, chunks: rest };
  const why = bytes === 0 || text.trim() === '' ? 'the report is empty' : `the report's format cannot be told from its content (expected one of ${REPORT_FORMATS.join(', ')}; name it with format=)`;
  // The rest of the file is not needed: drain nothing, the caller fails the whole upload.
  return { ok: false, error: new VerdictError('INVALID_REPORT', `${file.name}: ${why}`, { fieldErrors: [{ field: 'format', message: why, rejectedValue: file.name }] }) };
}
