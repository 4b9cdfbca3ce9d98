/**
 * Attachments: stored through the writer (bytes first, then the row in the run's transaction), listed per
 * case, served with their own content type; HTML sandboxed; over the limit a 413; another workspace 404;
 * a rolled-back unit of work leaves no bytes behind.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { buildApp } from '../../src/http/app.js';
import { attach, receiveAttachment, withReceivedBlobs } from '../../src/ingest/attachments.js';
import { ingestFor, writeDocument } from '../../src/ingest/index.js';
import { fileBlobStore } from '../../src/store/blob-store.js';
import { DATABASES, freshStore } from '../helpers/databases.js';
import { NOW } from '../helpers/app.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
async function* bytes(b: Buffer | string) {
  yield typeof b === 'string' ? Buffer.from(b) : b;
}

describe.each(DATABASES)('attachments on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let dir: string;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let auth: Record<string, string>;
  let workspaceId: number;
  let runId: number;
  let caseId: number;
  beforeEach(async () => {
    store = await freshStore(kind);
    dir = mkdtempSync(join(tmpdir(), 'verdict-attachments-test-'));
    app = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, publicUrl: 'http://t', logLevel: 'silent', attachmentsDir: dir }, clock: () => NOW, logger: false });
    const key = await createApiKey(store, 'acme', 'ci', NOW);
    workspaceId = key.workspaceId;
    auth = { authorization: `Bearer ${key.key}` };
    runId = (await writeDocument(store, workspaceId, { testPlan: 'P', machines: [{ suites: [{ name: 'S', cases: [{ name: 'shows the cart', result: 'FAILED' }] }] }] }, { now: NOW })).runId;
    caseId = (await app.inject({ method: 'GET', url: `/api/v3/test_runs/${runId}/test_case_results`, headers: auth })).json().content[0].id;
  });
  afterEach(async () => {
    await app.close();
    await store.drop();
  });

  async function store3(): Promise<void> {
    const blobs = fileBlobStore(dir);
    const files = [
      { name: 'cart.png', contentType: 'image/png', body: PNG },
      { name: 'console.log', contentType: 'text/plain; charset=utf-8', body: 'GET /cart 500\n' },
      { name: 'page.html', contentType: 'text/html', body: '<script>alert(1)</script>' },
    ];
    const received = await Promise.all(files.map((f) => receiveAttachment(blobs, bytes(f.body), 1 << 20)));
    await withReceivedBlobs(blobs, received, async () => {
      const value = await ingestFor(store, NOW).write(workspaceId, async (tx) => {
        const w = await tx.run(runId, { openItems: false, allowFinished: true });
        for (const [i, f] of files.entries()) await attach(w, { caseResultId: caseId }, { name: f.name, contentType: f.contentType, blob: received[i]!, clientKey: f.name });
      });
      return { value, surplus: [] };
    });
  }

  it('lists a case attachments and serves each with its type: images and text inline, HTML sandboxed', async () => {
    await store3();
    const list = (await app.inject({ method: 'GET', url: `/api/v3/test_runs/${runId}/test_case_results/${caseId}/attachments`, headers: auth })).json().content;
    expect(list.map((a: { name: string; contentType: string; size: number }) => [a.name, a.contentType, a.size])).toEqual([
      ['cart.png', 'image/png', PNG.length],
      ['console.log', 'text/plain', 14],
      ['page.html', 'text/html', 25],
    ]);
    const png = await app.inject({ method: 'GET', url: list[0].url, headers: auth });
    expect([png.statusCode, png.headers['content-type'], png.headers['content-disposition']]).toEqual([200, 'image/png', "inline; filename*=UTF-8''cart.png"]);
    expect(png.rawPayload.equals(PNG)).toBe(true);
    const html = await app.inject({ method: 'GET', url: list[2].url, headers: auth });
    expect(html.headers['content-security-policy']).toMatch(/^sandbox; default-src 'none'/);
    expect(html.headers['x-content-type-options']).toBe('nosniff');
  });

  it('an attachment of another workspace is a 404; without a key a 401', async () => {
    await store3();
    const [first] = (await app.inject({ method: 'GET', url: `/api/v3/test_runs/${runId}/test_case_results/${caseId}/attachments`, headers: auth })).json().content;
    const other = await createApiKey(store, 'other', 'ci', NOW);
    expect((await app.inject({ method: 'GET', url: first.url, headers: { authorization: `Bearer ${other.key}` } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: first.url })).statusCode).toBe(401);
  });

  it('over the limit the bytes are refused with a 413 and nothing is kept; a rolled-back unit of work leaves no bytes', async () => {
    const blobs = fileBlobStore(dir);
    await expect(receiveAttachment(blobs, bytes(Buffer.alloc(2048)), 1024)).rejects.toMatchObject({ status: 413 });
    const blob = await receiveAttachment(blobs, bytes('x'), 1024);
    await expect(
      withReceivedBlobs(blobs, [blob], async () => {
        throw new Error('the transaction failed');
      }),
    ).rejects.toThrow('the transaction failed');
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files).toEqual([]);
  });

  it('the same client key twice is stored once', async () => {
    await store3();
    await store3().catch(() => {});
    const list = (await app.inject({ method: 'GET', url: `/api/v3/test_runs/${runId}/test_case_results/${caseId}/attachments`, headers: auth })).json().content;
    expect(list).toHaveLength(3);
  });
});
