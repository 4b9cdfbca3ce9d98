/**
 * `POST /imports` with an Allure results directory as a tar body: stored once, with its attachments in
 * the blob store; a broken result refuses the whole upload and leaves no bytes behind; an upload sent again
 * is recognised and its surplus bytes removed; an attachment over the limit is left out, its case kept.
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

const VITEST = 'test/fixtures/allure/results/vitest';

async function tarOf(dir: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of tarDirectory(dir)) parts.push(c);
  return Buffer.concat(parts);
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
