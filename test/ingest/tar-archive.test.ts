/**
 * Tar in, files out: what `verdict upload DIR` writes (tar-writer.ts) the spool reads back entry by entry
 * (tar-reader.ts), long names included; a system `tar` archive reads the same; a broken archive is an error.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesUnder, tarDirectory } from '../../src/cli/tar-writer.js';
import { spoolUpload } from '../../src/ingest/upload-spool.js';
import { TarIndex } from '../../src/ingest/tar-reader.js';

const dir = mkdtempSync(join(tmpdir(), 'verdict-tar-'));
const LONG = `${'a-very-long-folder-name/'.repeat(8)}${'x'.repeat(120)}-result.json`;
const FILES: Record<string, Buffer> = {
  'one-result.json': Buffer.from('{"uuid":"one"}'),
  'empty-attachment.txt': Buffer.alloc(0),
  'exact-attachment.bin': Buffer.alloc(512, 7),
  'big-attachment.png': Buffer.from(Array.from({ length: 1_500_000 }, (_, i) => i % 251)),
  [LONG]: Buffer.from('{"uuid":"long"}'),
  '.hidden': Buffer.from('left out'),
};
for (const [name, bytes] of Object.entries(FILES)) {
  mkdirSync(join(dir, name, '..'), { recursive: true });
  writeFileSync(join(dir, name), bytes);
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

async function entries(chunks: AsyncIterable<Uint8Array>) {
  const upload = await spoolUpload([{ name: 'dir.tar', chunks }]);
  try {
    return Object.fromEntries(await Promise.all(upload.reports.map(async (r) => [r.name, await r.read()] as const)));
  } finally {
    await upload.dispose();
  }
}

describe('tar archives', () => {
  it('a directory round-trips: every file (dot-files aside) with its bytes, sorted, long names by pax', async () => {
    expect(filesUnder(dir)).toEqual(Object.keys(FILES).filter((n) => n !== '.hidden').sort());
    const read = await entries(tarDirectory(dir));
    expect(Object.keys(read).sort()).toEqual(filesUnder(dir));
    for (const name of filesUnder(dir)) expect(read[name]!.equals(FILES[name]!), name).toBe(true);
  });

  it('the same directory gives the same bytes (a retried upload is recognised by its hash)', async () => {
    const all = async () => Buffer.concat(await collect(tarDirectory(dir)));
    expect((await all()).equals(await all())).toBe(true);
  });

  it('reads what the system tar writes, gzipped, with ./ prefixes', async () => {
    const archive = execFileSync('tar', ['-czf', '-', '-C', dir, '.']);
    const read = await entries((async function* () {
      yield archive;
    })());
    expect(read['one-result.json']!.toString()).toBe('{"uuid":"one"}');
    expect(read[LONG]!.toString()).toBe('{"uuid":"long"}');
  });

  it('a truncated or corrupt archive is an error, not a partial upload', async () => {
    const whole = Buffer.concat(await collect(tarDirectory(dir)));
    const truncated = whole.subarray(0, 700);
    await expect(entries((async function* () {
      yield truncated;
    })())).rejects.toThrow(/truncated/);
    const index = new TarIndex();
    const corrupt = Buffer.from(whole);
    corrupt[512 * 4 + 10] ^= 0xff; // the second file's header (after the long name's pax header, its header and data)
    index.push(corrupt);
    expect(index.finish() ?? 'no problem').not.toBe('no problem');
  });
});
