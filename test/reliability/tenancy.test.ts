/** A key of workspace B gets 404 for every id of workspace A, on every route that takes an id. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { seedRunDocument } from '../../src/demo/seed-run.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { DATABASES } from '../helpers/databases.js';
import { NOW, testApp } from '../helpers/app.js';

const ROUTES_WITH_IDS = [
  'GET /api/v3/test_runs/517',
  'GET /api/v2/test_runs/517/test_machine_results',
  'GET /api/v3/test_runs/517/test_machine_results/1434',
  'GET /api/v2/test_runs/517/test_suite_results',
  'GET /api/v3/test_runs/517/test_suite_results/1383',
  'GET /api/v2/test_runs/517/test_case_results',
  'GET /api/v3/test_runs/517/test_case_results/3857',
  'GET /api/v3/test_runs/517/test_case_results/3857/step_results/',
  'GET /api/v3/test_runs/517/warnings',
  'GET /api/v2/test_runs/517/test_case_results/3857/step_results',
  'GET /api/v1/execution_results/517',
  'GET /api/v1/execution_results/517/test_case_results',
  'GET /api/v1/reports/junit/517',
  'POST /api/v3/live/test_runs/517/results',
  'POST /api/v3/live/test_runs/517/finish',
];

describe.each(DATABASES)('tenancy on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let otherKey: string;
  beforeAll(async () => {
    t = await testApp(kind);
    await ingestDocument(t.store, t.workspaceId, seedRunDocument(), { now: NOW, trustFixedIds: true });
    otherKey = (await createApiKey(t.store, 'globex', 'ci', NOW)).key;
  });
  afterAll(() => t.close());

  it.each(ROUTES_WITH_IDS)('%s: 200 for the owner, 404 for another workspace', async (route) => {
    const [method, url] = route.split(' ') as ['GET' | 'POST', string];
    const payload = method === 'POST' ? {} : undefined;
    if (method === 'GET') {
      const own = await t.app.inject({ method, url, headers: t.auth });
      expect(own.statusCode, own.body.slice(0, 200)).toBe(200);
    }
    const other = await t.app.inject({ method, url, headers: { authorization: `Bearer ${otherKey}` }, payload });
    expect(other.statusCode, other.body.slice(0, 200)).toBe(404);
    expect(other.json().code).toBe('NOT_FOUND');
  });

  it("another workspace cannot trigger this one's plan, nor read, replace or remove its trigger hook", async () => {
    const hook = { url: 'https://ci.example/trigger', headers: { Authorization: 'Bearer owner-secret' } };
    expect((await t.app.inject({ method: 'PUT', url: '/api/v3/test_plans/420/trigger_hook', headers: t.auth, payload: hook })).statusCode).toBe(200);
    const other = { authorization: `Bearer ${otherKey}` };
    for (const [method, url, payload] of [
      ['GET', '/api/v3/test_plans/420/trigger_hook', undefined],
      ['PUT', '/api/v2/test_plans/420/trigger_hook', { url: 'https://attacker.example/' }],
      ['DELETE', '/api/v3/test_plans/420/trigger_hook', undefined],
      ['POST', '/api/v1/execution_results', { executionId: 420 }],
      ['POST', '/api/v1/test_plan_results', { testPlanId: 420 }],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: other, payload });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v3/test_plans/420/trigger_hook', headers: t.auth })).json()).toMatchObject({ url: 'https://ci.example/trigger' });
  });

  it("another workspace's lists do not show this one's runs", async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v2/test_runs', headers: { authorization: `Bearer ${otherKey}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json().totalElements).toBe(0);
    const v1 = await t.app.inject({ method: 'GET', url: '/api/v1/test_case_results?executionResultId=517', headers: { authorization: `Bearer ${otherKey}` } });
    expect([200, 404]).toContain(v1.statusCode);
    if (v1.statusCode === 200) expect(v1.json().totalElements).toBe(0);
  });
});
