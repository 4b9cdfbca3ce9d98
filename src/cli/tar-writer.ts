/**
 * A directory as a tar stream (ustar; pax headers for paths past ustar's 100 + 155 bytes), so `verdict
 * upload DIR` sends an Allure results directory of any number of files as one part. Entries are sorted and
 * carry no time or owner, so the same directory gives the same bytes (the server tells a retried upload by
 * its hash).
 */
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const BLOCK = 512;

/** Regular files under `dir`, as sorted '/'-separated paths relative to it (names starting with a dot left out). */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split(sep).join('/'))
    .filter((p) => !p.split('/').some((part) => part.startsWith('.')))
    .sort();
}

function header(name: string, size: number, type: '0' | 'x'): Buffer {
  const block = Buffer.alloc(BLOCK);
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0');
  block.write(name, 0, 100, 'utf8');
  block.write(octal(0o644, 8), 100, 'latin1');
  block.write(octal(0, 8), 108, 'latin1');
  block.write(octal(0, 8), 116, 'latin1');
  block.write(octal(size, 12), 124, 'latin1');
  block.write(octal(0, 12), 136, 'latin1');
  block.fill(0x20, 148, 156);
  block.write(type, 156, 'latin1');
  block.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const b of block) sum += b;
  block.write(`${octal(sum, 7)}\u0000`, 148, 'latin1');
  return block;
}

/** One pax record, `len path=value\n`, whose length counts itself. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body);
  while (String(length + String(length).length).length !== String(length).length) length++;
  length += String(length).length;
  return Buffer.from(`${length}${body}`);
}

/** Files up to this size are read whole. */
const SMALL = 1024 * 1024;

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

/** The tar stream of `dir`'s files; `onRead` is told each chunk of file bytes read (progress). */
export async function* tarDirectory(dir: string, onRead?: (bytes: number) => void): AsyncGenerator<Buffer> {
  for (const path of filesUnder(dir)) {
    const size = statSync(join(dir, path)).size;
    if (Buffer.byteLength(path) > 100) {
      const pax = paxRecord('path', path);
      yield header('PaxHeader', pax.length, 'x');
      yield Buffer.concat([pax, padding(pax.length)]);
    }
    yield header(Buffer.byteLength(path) > 100 ? path.slice(0, 99) : path, size, '0');
    if (size <= SMALL) {
      // Most files of a results directory are a few KiB: one read each beats opening a stream.
      const bytes = readFileSync(join(dir, path)).subarray(0, size);
      onRead?.(bytes.length);
      yield bytes.length === size ? bytes : Buffer.concat([bytes, Buffer.alloc(size - bytes.length)]);
      yield padding(size);
      continue;
    }
    let sent = 0;
    const bytes: AsyncIterable<Buffer> = size ? createReadStream(join(dir, path), { end: size - 1 }) : (async function* () {})();
    for await (const chunk of bytes) {
      const part = chunk.subarray(0, size - sent);
      sent += part.length;
      onRead?.(part.length);
      yield part;
    }
    // A file that shrank while being read keeps its announced size.
    if (sent < size) yield Buffer.alloc(size - sent);
    yield padding(size);
  }
  yield Buffer.alloc(BLOCK * 2);
}
