/**
 * `POST /imports` with an Allure results directory as a tar body: stored once, with its attachments in
 * the blob store; a broken result refuses the whole upload and leaves no bytes behind; an upload sent again
 * is recognised and its surplus bytes removed; an attachment over the limit is left out, its case kept.
 * The same directory as a zip (a CI's `allure-results.zip`) gives the same run; a broken zip or a zip bomb
 * is refused and stores nothing.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { tarDirectory } from '../../src/cli/tar-writer.js';
import { buildApp } from '../../src/http/app.js';
import { DATABASES, freshStore } from '../helpers/databases.js';
import { NOW } from '../helpers/app.js';
import { zipOf } from '../helpers/zip-writer.js';

const VITEST = 'test/fixtures/allure/results/vitest';

async function tarOf(dir: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of tarDirectory(dir)) parts.push(c);
  return Buffer.concat(parts);
}

/** The directory as CI artifacts hand it over: under a folder, entries stored, deflated, some with a data descriptor. */
const zipDirectory = (dir: string) =>
  zipOf(readdirSync(dir).sort().map((name, i) => ({ name: `allure-results/${name}`, data: readFileSync(join(dir, name)), method: i % 3 === 0 ? 0 : 8, descriptor: i % 2 === 0 })));

/** Ids, plan and the import summary differ from upload to upload; everything else must not. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !['import', 'testPlanName', 'url'].includes(k))
      .map(([k, v]) => [k, /^(id|.*Id)$/.test(k) && v !== null ? '<id>' : withoutIds(v)]),
  );
}

const blobFiles = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

describe.each(DATABASES)('Allure results through POST /imports on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let blobs: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let auth: Record<string, string>;
  beforeEach(async () => {
    store = await freshStore(kind);
    blobs = mkdtempSync(join(tmpdir(), 'verdict-allure-blobs-'));
    app = await buildApp({ store, config: { bodyLimitBytes: 10 << 20, publicUrl: 'http://t', logLevel: 'silent', attachmentsDir: blobs, attachmentLimitBytes: 50 }, clock: () => NOW, logger: false });
    auth = { authorization: `Bearer ${(await createApiKey(store, 'acme', 'ci', NOW)).key}` };
  });
  afterEach(async () => {
    await app.close();
    await store.drop();
    rmSync(blobs, { recursive: true, force: true });
  });

  const post = (body: Buffer, query = 'plan=allure') =>
    app.inject({ method: 'POST', url: `/api/v3/imports?${query}`, headers: { ...auth, 'content-type': 'application/x-tar' }, payload: body });

  it('takes a gzipped tar body; attachments over the limit are left out, the others stored; sent again it is recognised', async () => {
    const body = gzipSync(await tarOf(VITEST));
    const first = await post(body);
    expect(first.statusCode).toBe(201);
    expect(first.json().import).toMatchObject({ formats: ['allure'], cases: 7, files: [{ name: 'body', format: 'allure', cases: 7 }] });
    // 3 text attachments of 1-9 bytes kept; the 77-byte PNG is over this app's 50-byte limit.
    expect(blobFiles(blobs)).toBe(3);
    const cases = (await app.inject({ method: 'GET', url: `/api/v3/test_runs/${first.json().id}/test_case_results?query=testCaseName:multiplies numbers`, headers: auth })).json().content;
    const attachments = (await app.inject({ method: 'GET', url: `/api/v3/test_runs/${first.json().id}/test_case_results/${cases[0].id}/attachments`, headers: auth })).json().content;
    expect(attachments.map((a: { name: string }) => a.name)).toEqual(['product.txt']);

    const again = await post(body);
    expect([again.statusCode, again.json().id, again.json().import.duplicate]).toEqual([200, first.json().id, true]);
    expect(blobFiles(blobs)).toBe(3);
  });

  const get = async (url: string) => (await app.inject({ method: 'GET', url: `/api/v3/${url}`, headers: auth })).json();
  async function runBodies(runId: number) {
    const cases = (await get(`test_runs/${runId}/test_case_results?size=100`)).content as { id: number }[];
    const each = (path: string) => Promise.all(cases.map((c) => get(`test_runs/${runId}/test_case_results/${c.id}/${path}`)));
    return withoutIds({ run: await get(`test_runs/${runId}`), suites: (await get(`test_runs/${runId}/test_suite_results`)).content, cases, details: await each('details'), steps: await each('step_results?size=200'), attachments: await each('attachments') });
  }
  const nothingStored = async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v3/test_runs', headers: auth })).json().content).toEqual([]);
    mkdirSync(blobs, { recursive: true });
    expect(blobFiles(blobs)).toBe(0);
  };

  it('takes the same directory as a zip (raw body, or a multipart part) and stores the same run as from a tar', async () => {
    const tar = await post(await tarOf(VITEST), 'plan=allure-tar');
    const zip = zipDirectory(VITEST);
    const raw = await app.inject({ method: 'POST', url: '/api/v3/imports?plan=allure-zip', headers: { ...auth, 'content-type': 'application/zip', 'content-disposition': 'attachment; filename="allure-results.zip"' }, payload: zip });
    expect(raw.statusCode, raw.body).toBe(201);
    expect(raw.json().import).toMatchObject({ formats: ['allure'], cases: 7, files: [{ name: 'allure-results.zip', format: 'allure', cases: 7 }] });
    const boundary = '----zip-part';
    const multipart = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="allure-results.zip"\r\nContent-Type: application/octet-stream\r\n\r\n`), zip, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const part = await app.inject({ method: 'POST', url: '/api/v3/imports?plan=allure-part', headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: multipart });
    expect(part.statusCode, part.body).toBe(201);
    const expected = await runBodies(tar.json().id);
    expect((expected as { cases: unknown[] }).cases).toHaveLength(tar.json().import.cases + 3); // the data-driven test's 3 parameter sets are rows of their own
    expect(await runBodies(raw.json().id)).toEqual(expected);
    expect(await runBodies(part.json().id)).toEqual(expected);
  });

  it('a truncated or corrupt zip is a 400 naming the problem; nothing is stored, no bytes are left', async () => {
    const zip = zipDirectory(VITEST);
    const postZip = (body: Buffer) => app.inject({ method: 'POST', url: '/api/v3/imports?plan=allure', headers: { ...auth, 'content-type': 'application/zip' }, payload: body });
    const truncated = await postZip(zip.subarray(0, zip.length - 100));
    expect([truncated.statusCode, truncated.json().code]).toEqual([400, 'INVALID_REPORT']);
    expect(truncated.json().error).toMatch(/the zip archive is (truncated|corrupt)/);
    // The last entry's data damaged: every entry before it was fine, and still nothing is stored.
    const damaged = Buffer.from(zip);
    const last = readdirSync(VITEST).sort().at(-1)!;
    damaged[zip.lastIndexOf(Buffer.from(`allure-results/${last}`), zip.length - 200) + `allure-results/${last}`.length + 2] ^= 0x55;
    const corrupt = await postZip(damaged);
    expect([corrupt.statusCode, corrupt.json().code]).toEqual([400, 'INVALID_REPORT']);
    expect(corrupt.json().error).toContain(`zip entry "allure-results/${last}" is corrupt`);
    const lzma = await postZip(zipOf([{ name: 'a-result.json', data: '{}', method: 14 }]));
    expect([lzma.statusCode, lzma.json().error]).toEqual([400, 'body: zip entry "a-result.json" uses compression method 14 (LZMA); only stored (0) and deflate (8) are supported']);
    await nothingStored();
  });

  it('a zip bomb is refused with a 413 before it is unpacked; nothing is stored', async () => {
    const results = readdirSync(VITEST).filter((n) => n.endsWith('-result.json')).map((name) => ({ name, data: readFileSync(join(VITEST, name)) }));
    const bomb = zipOf([...results, ...Array.from({ length: 11 }, (_, i) => ({ name: `${i}-attachment.txt`, data: Buffer.alloc(1 << 20) }))]);
    expect(bomb.length).toBeLessThan(100_000);
    const res = await app.inject({ method: 'POST', url: '/api/v3/imports?plan=allure', headers: { ...auth, 'content-type': 'application/zip' }, payload: bomb });
    expect([res.statusCode, res.json().code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    await nothingStored();
  });

  it('a result that is not JSON refuses the upload, naming the file; nothing is stored, no bytes are left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-allure-broken-'));
    try {
      cpSync(VITEST, dir, { recursive: true });
      const victim = readdirSync(dir).find((f) => f.endsWith('-result.json'))!;
      writeFileSync(join(dir, victim), readFileSync(join(dir, victim), 'utf8').slice(0, 40));
      const res = await post(await tarOf(dir));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'INVALID_REPORT' });
      expect(res.json().error).toContain(`${victim}: malformed JSON`);
      expect((await app.inject({ method: 'GET', url: '/api/v3/test_runs', headers: auth })).json().content).toEqual([]);
      mkdirSync(blobs, { recursive: true });
      expect(blobFiles(blobs)).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
