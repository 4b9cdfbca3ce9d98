import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, revokeKey } from '../../src/auth/api-keys.js';
import { seedRunDocument } from '../../src/demo/seed-run.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { listApiKeys } from '../../src/store/workspace-repository.js';
import { DATABASES } from '../helpers/databases.js';
import { NOW, testApp } from '../helpers/app.js';

const ROUTES = ['/api/v3/test_runs/517', '/api/v2/test_runs/517/test_machine_results/1434', '/api/v3/test_runs/517/test_suite_results/1383', '/api/v3/test_runs/517/test_case_results/3857', '/api/v3/test_runs/517/test_case_results/3857/step_results/'];

describe.each(DATABASES)('API keys on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp(kind);
    await ingestDocument(t.store, t.workspaceId, seedRunDocument(), { now: NOW, trustFixedIds: true });
  });
  afterAll(() => t.close());

  it('no key is a 401 with the JSON error body', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v3/test_runs/517' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED', error: expect.stringContaining('API key'), fieldErrors: null, objectErrors: null });
  });

  it('a wrong key is a 401', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v3/test_runs/517', headers: { authorization: 'Bearer vdt_wrong' } });
    expect(res.statusCode).toBe(401);
  });

  it('X-TS-API-KEY is accepted like the original', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v3/test_runs/517', headers: { 'x-ts-api-key': t.key } });
    expect(res.statusCode).toBe(200);
  });

  it('keys are stored only as a hash', async () => {
    const rows = await t.store.db.selectFrom('api_keys').selectAll().execute();
    for (const row of rows) {
      expect(JSON.stringify(row)).not.toContain(t.key);
      expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('a revoked key is refused at once', async () => {
    const { key, id } = await createApiKey(t.store, 'acme', 'temp', NOW);
    const ok = await t.app.inject({ method: 'GET', url: '/api/v3/test_runs/517', headers: { authorization: `Bearer ${key}` } });
    expect(ok.statusCode).toBe(200);
    await revokeKey(t.store, id, NOW);
    const refused = await t.app.inject({ method: 'GET', url: '/api/v3/test_runs/517', headers: { authorization: `Bearer ${key}` } });
    expect(refused.statusCode).toBe(401);
    expect((await listApiKeys(t.store.db)).find((k) => k.id === id)?.revoked_at).toBe(NOW);
  });

  it('under /api, no key is a 401 before routing: an unknown route too, which with a key is a 404', async () => {
    const unknown = [
      ['GET', '/api/v3/no_such_thing'],
      ['GET', '/api/v1/no_such_thing/7'],
      ['GET', '/api/'],
      ['GET', '/api/v3/test_runs/517/test_case_results/3857/step_results/extra'],
      ['POST', '/api/v3/no_such_thing'],
      ['DELETE', '/api/v3/test_runs/517'],
      ['HEAD', '/api/v2/no_such_thing'],
    ] as const;
    for (const [method, url] of unknown) {
      const anonymous = await t.app.inject({ method, url });
      expect(anonymous.statusCode, `${method} ${url} without a key`).toBe(401);
      if (method !== 'HEAD') expect(anonymous.json()).toMatchObject({ code: 'UNAUTHORIZED', fieldErrors: null, objectErrors: null });
      expect((await t.app.inject({ method, url, headers: { authorization: 'Bearer vdt_wrong' } })).statusCode, `${method} ${url} with a wrong key`).toBe(401);
      const known = await t.app.inject({ method, url, headers: { authorization: `Bearer ${t.key}` } });
      expect(known.statusCode, `${method} ${url} with a key`).toBe(404);
      if (method !== 'HEAD') expect(known.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
    // Outside /api, and the API's own description, need no key.
    for (const url of ['/api/openapi.json', '/api/docs', '/healthz', '/runs/517']) expect((await t.app.inject({ url })).statusCode, url).toBe(200);
  });

  it("a key of another workspace gets 404 for every id of this one, on every route", async () => {
    const other = await createApiKey(t.store, 'globex', 'ci', NOW);
    for (const url of ROUTES) {
      const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${other.key}` } });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    }
  });
});
