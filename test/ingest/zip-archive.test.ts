/**
 * Zip in, files out: stored and deflated entries, data descriptors (a zip written to a stream), zip64 as
 * the system `zip` writes it, Windows backslashes; entries that climb out are left out; a method other
 * than stored or deflate, a truncated or corrupt archive and a zip bomb are refused before any import.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ByteBudget } from '../../src/ingest/report-input.js';
import { spoolUpload } from '../../src/ingest/upload-spool.js';
import { zipOf } from '../helpers/zip-writer.js';

const once = (bytes: Buffer) =>
  (async function* () {
    yield bytes;
  })();

async function entries(bytes: Buffer, options: { limit?: number; contentType?: string } = {}) {
  const upload = await spoolUpload([{ name: 'results.zip', chunks: once(bytes), contentType: options.contentType }], options.limit ? new ByteBudget(options.limit) : undefined);
  try {
    return Object.fromEntries(await Promise.all(upload.reports.map(async (r) => [r.name, (await r.read()).toString('utf8')] as const)));
  } finally {
    await upload.dispose();
  }
}

const spools = () => readdirSync(tmpdir()).filter((n) => n.startsWith('verdict-upload-')).sort();
const BIG = 'x'.repeat(200_000);
const dir = mkdtempSync(join(tmpdir(), 'verdict-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zip archives', () => {
  it('reads stored and deflated entries, with and without a data descriptor; directories are no files', async () => {
    const zip = zipOf([
      { name: 'allure-results/', data: '', method: 0 },
      { name: 'allure-results/a-result.json', data: '{"uuid":"a"}', method: 0 },
      { name: 'allure-results/b-result.json', data: '{"uuid":"b"}' },
      { name: 'allure-results/c-result.json', data: '{"uuid":"c"}', descriptor: true },
      { name: 'allure-results/big-attachment.txt', data: BIG, descriptor: true },
      { name: 'allure-results/empty-attachment.txt', data: '', method: 0 },
    ]);
    expect(await entries(zip)).toEqual({
      'allure-results/a-result.json': '{"uuid":"a"}',
      'allure-results/b-result.json': '{"uuid":"b"}',
      'allure-results/c-result.json': '{"uuid":"c"}',
      'allure-results/big-attachment.txt': BIG,
      'allure-results/empty-attachment.txt': '',
    });
  });

  it("reads a Windows tool's backslashes as slashes", async () => {
    expect(await entries(zipOf([{ name: 'allure-results\\a-result.json', data: '{}' }]))).toEqual({ 'allure-results/a-result.json': '{}' });
  });

  // Info-ZIP is a Debian package (.ci/run installs it); a machine without it skips this one test.
  it.skipIf(!hasSystemZip())('reads what the system zip writes to a pipe (data descriptors) and to a file with zip64 forced', async () => {
    mkdirSync(join(dir, 'allure-results'));
    writeFileSync(join(dir, 'allure-results', 'a-result.json'), '{"uuid":"a"}');
    writeFileSync(join(dir, 'allure-results', 'big-attachment.txt'), BIG);
    const expected = { 'allure-results/a-result.json': '{"uuid":"a"}', 'allure-results/big-attachment.txt': BIG };
    expect(await entries(execFileSync('zip', ['-q', '-r', '-', 'allure-results'], { cwd: dir }))).toEqual(expected);
    execFileSync('zip', ['-q', '-r', '-fz', 'zip64.zip', 'allure-results'], { cwd: dir });
    expect(await entries(readFileSync(join(dir, 'zip64.zip')))).toEqual(expected);
  });

  it('leaves out entries that climb out of the archive or are absolute', async () => {
    const zip = zipOf([
      { name: '../evil-result.json', data: '{}' },
      { name: 'a/../../evil-result.json', data: '{}' },
      { name: '/etc/evil-result.json', data: '{}' },
      { name: 'C:/evil-result.json', data: '{}' },
      { name: './ok-result.json', data: '{}' },
    ]);
    expect(await entries(zip)).toEqual({ 'ok-result.json': '{}' });
  });

  it('an entry compressed another way is refused, naming the entry and the method', async () => {
    await expect(entries(zipOf([{ name: 'ok-result.json', data: '{}' }, { name: 'x-result.json', data: '{}', method: 14 }]))).rejects.toThrow('zip entry "x-result.json" uses compression method 14 (LZMA); only stored (0) and deflate (8) are supported');
  });

  it('a truncated, corrupt or mislabelled archive is an error, and its spool is removed', async () => {
    const before = spools();
    const zip = zipOf([{ name: 'a-result.json', data: BIG }]);
    await expect(entries(zip.subarray(0, zip.length - 30))).rejects.toThrow(/truncated/);
    // Cut inside the data, with the directory kept: the deflate stream ends early.
    const cut = Buffer.concat([zip.subarray(0, 60), zip.subarray(zip.length - 22 - 59)]);
    await expect(entries(cut)).rejects.toThrow(/truncated|corrupt/);
    const flipped = Buffer.from(zip);
    flipped[80] ^= 0xff;
    await expect(entries(flipped)).rejects.toThrow(/zip entry "a-result.json" is corrupt/);
    await expect(entries(zipOf([{ name: 'a-result.json', data: '{}', method: 0, crc: 1 }]))).rejects.toThrow('zip entry "a-result.json" is corrupt (its CRC-32 does not match)');
    await expect(entries(Buffer.from('<testsuite/>'), { contentType: 'application/zip' })).rejects.toThrow(/not a zip/);
    expect(spools()).toEqual(before);
  });

  it('a zip bomb is refused: by its declared sizes before inflating, or at the size it lied about', async () => {
    const bomb = zipOf(Array.from({ length: 10 }, (_, i) => ({ name: `${i}-attachment.txt`, data: Buffer.alloc(1 << 20) })));
    expect(bomb.length).toBeLessThan(20_000);
    await expect(entries(bomb, { limit: 5 << 20 })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    const liar = zipOf([{ name: 'a-attachment.txt', data: Buffer.alloc(1 << 20), declaredSize: 100 }]);
    await expect(entries(liar, { limit: 5 << 20 })).rejects.toThrow('zip entry "a-attachment.txt" is corrupt (it unpacks to more than the 100 bytes it declares)');
    // Under the limit, the same archive reads.
    expect(Object.keys(await entries(bomb, { limit: 11 << 20 }))).toHaveLength(10);
  });
});

function hasSystemZip(): boolean {
  try {
    execFileSync('zip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
