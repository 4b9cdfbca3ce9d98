/** Shared helpers for the non-JUnit importer tests: corpus access, chunked reading, collection. */
import { closeSync, createReadStream, openSync, readFileSync, readSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InputResult } from '../../src/core/document.js';
import type { ImportEvent, Importer } from '../../src/importers/index.js';
import { CORPUS, HAS_CORPUS } from '../helpers/corpus.js';

export { CORPUS };

export interface ExpectedEntry {
  file?: string;
  tests: number | null;
  passed?: number | null;
  failures: number | null;
  errors: number | null;
  skipped: number | null;
  parse_error?: boolean;
  counts_basis?: string;
  note?: string;
  time_s_sum_of_cases?: number | null;
  identical_files?: string[];
  pending?: number;
  other?: number;
  flaky?: number | null;
  time_ms?: number;
  tool?: string;
}

export const expectedEntries: ExpectedEntry[] = HAS_CORPUS ? JSON.parse(readFileSync(`${CORPUS}expected.json`, 'utf8')) : [];

export function expectedFor(file: string): ExpectedEntry {
  const entry = expectedEntries.find((e) => e.file === file);
  if (!entry) throw new Error(`no expected.json entry for ${file}`);
  return entry;
}

/** A corpus file in small chunks, so that elements and multi-byte characters straddle chunk borders. */
export function corpusChunks(file: string, chunkSize = 1000): AsyncIterable<Uint8Array> {
  return createReadStream(`${CORPUS}${file}`, { highWaterMark: chunkSize });
}

export async function* chunksOf(...parts: Array<string | Uint8Array>): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

export async function collect(importer: Importer, chunks: AsyncIterable<Uint8Array | string>, fileName = 'report') {
  const events: ImportEvent[] = [];
  for await (const event of importer.parse(chunks, { fileName })) events.push(event);
  const cases = events.flatMap((e) => (e.kind === 'case' ? [e] : []));
  const runs = events.flatMap((e) => (e.kind === 'run' ? [e] : []));
  return { events, runs, cases };
}

export type Bucket = 'passed' | 'failed' | 'skipped' | 'aborted';

export function bucketOf(result: InputResult | null | undefined): Bucket {
  switch (result) {
    case 'SUCCESS':
    case 'PASSED':
      return 'passed';
    case 'FAILURE':
    case 'FAILED':
      return 'failed';
    case 'ABORTED':
    case 'STOPPED':
      return 'aborted';
    default:
      return 'skipped';
  }
}

export function countBuckets(results: Array<InputResult | null | undefined>): Record<Bucket, number> {
  const counts: Record<Bucket, number> = { passed: 0, failed: 0, skipped: 0, aborted: 0 };
  for (const result of results) counts[bucketOf(result)] += 1;
  return counts;
}

/** The first 4 KiB of a corpus file, decoded as detectFormat receives it. */
export function headOf(file: string): string {
  const fd = openSync(`${CORPUS}${file}`, 'r');
  try {
    const buffer = new Uint8Array(4096);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    return new TextDecoder().decode(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
}
