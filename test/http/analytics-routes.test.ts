/**
 * The analytics routes the web UI reads (plans, trend, failing and flaky tests, a test's history), on the
 * demo data set, on every database: shapes, the numbers the demo was built to show, workspace scoping
 * (another workspace's ids are a 404) and parameter validation (400 JSON, never 500).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { loadDemo } from '../../src/demo/demo-data.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { SEED_PLAN_NAME, SEED_RUN_ID } from '../../src/demo/seed-run.js';
import { DATABASES } from '../helpers/databases.js';
import { NOW, testApp } from '../helpers/app.js';

const NIGHTLY = 'Web Shop Nightly';

interface Plan {
  id: number;
  name: string;
  runCount: number;
  latestRun: { id: number; result: string; totalCount: number; passedCount: number; passRate: number | null; reRunParentId: number | null } | null;
}

describe.each(DATABASES)('analytics routes on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let plans: Plan[];
  const planId = (name: string) => plans.find((p) => p.name === name)!.id;

  beforeAll(async () => {
    t = await testApp(kind);
    await loadDemo(t.store, t.workspaceId, NOW);
    plans = (await t.get('/api/v3/test_plans')).json().content;
  });
  afterAll(() => t.close());

  it('GET /test_plans lists the plans by name with run counts and the latest run', async () => {
    const res = await t.get('/api/v2/test_plans');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.totalElements).toBe(2);
    expect(body.content.map((p: Plan) => [p.name, p.runCount])).toEqual([
      [SEED_PLAN_NAME, 1],
      [NIGHTLY, 8],
    ]);
    const seed = body.content[0];
    expect(seed.latestRun).toMatchObject({ id: SEED_RUN_ID, result: 'FAILURE', totalCount: 8, passRate: expect.any(Number) });
    expect(seed.latestRun.passRate).toBeCloseTo(seed.latestRun.passedCount / 8, 4);
    // The latest run is the one ingested last (ids grow with ingestion), re-runs included.
    const nightly = body.content[1];
    expect(nightly.latestRun.id).toBe(Math.max(...(await runIdsOf(nightly.id))));
  });

  async function runIdsOf(id: number): Promise<number[]> {
    const rows = await t.store.db.selectFrom('test_runs').select('id').where('test_plan_id', '=', id).execute();
    return rows.map((r) => r.id);
  }

  it('GET /test_plans/{id} is one plan; an unknown id is a 404 JSON body', async () => {
    const res = await t.get(`/api/v3/test_plans/${planId(NIGHTLY)}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: planId(NIGHTLY), name: NIGHTLY, runCount: 8 });
    const missing = await t.get('/api/v3/test_plans/999999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND', error: 'test plan 999999 not found' });
  });

  it('GET /test_plans/{id}/trend gives the last N runs without re-runs, oldest first', async () => {
    const res = await t.get(`/api/v3/test_plans/${planId(NIGHTLY)}/trend?limit=30`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ testPlanId: planId(NIGHTLY), name: NIGHTLY });
    expect(body.runs).toHaveLength(7);
    const ids = body.runs.map((r: { id: number }) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    for (const run of body.runs) {
      expect(run.reRunParentId).toBeNull();
      expect(run.totalCount).toBe(57);
      expect(run.passRate).toBeCloseTo(run.passedCount / run.totalCount, 4);
      expect(run.duration).toBeGreaterThan(0);
      expect(run.startTime).toMatch(/^2026-11-2\dT02:00:00Z$/);
    }
    const limited = (await t.get(`/api/v3/test_plans/${planId(NIGHTLY)}/trend?limit=3`)).json();
    expect(limited.runs.map((r: { id: number }) => r.id)).toEqual(ids.slice(-3));
  });

  it('the day with a re-run shows its consolidated pass rate above its own', async () => {
    const body = (await t.get(`/api/v3/test_plans/${planId(NIGHTLY)}/trend`)).json();
    const day5 = body.runs[5];
    expect(day5.consolidatedPassedCount).toBeGreaterThan(day5.passedCount);
    expect(day5.consolidatedPassRate).toBeGreaterThan(day5.passRate);
  });

  it('GET /test_plans/{id}/failing_tests puts the test that fails most first and links its last failure', async () => {
    const res = await t.get(`/api/v3/test_plans/${planId(NIGHTLY)}/failing_tests?runs=30&limit=5`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.testPlanId).toBe(planId(NIGHTLY));
    expect(body.content.length).toBeGreaterThan(0);
    expect(body.content.length).toBeLessThanOrEqual(5);
    const failures = body.content.map((c: { failures: number }) => c.failures);
    expect(failures).toEqual([...failures].sort((a, b) => b - a));
    // PayPal checkout fails on every machine every other night: 3 machines x (4 or 3) nights.
    const top = body.content[0];
    expect(top).toMatchObject({ name: 'Checkout with PayPal', suiteName: 'Checkout', runs: 7, results: 21 });
    expect(top.failures).toBeGreaterThanOrEqual(9);
    expect(top.failureRate).toBeCloseTo(top.failures / 21, 4);
    const last = await t.get(`/api/v3/test_runs/${top.lastFailedRunId}/test_case_results/${top.lastFailedCaseResultId}`);
    expect(last.statusCode).toBe(200);
    expect(last.json()).toMatchObject({ result: 'FAILURE', testCaseId: top.testCaseId });
  });

  it('GET /test_plans/{id}/flaky_tests finds the test that flips every night', async () => {
    const res = await t.get(`/api/v3/test_plans/${planId(NIGHTLY)}/flaky_tests`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const paypal = body.content.find((c: { name: string }) => c.name === 'Checkout with PayPal');
    expect(paypal).toMatchObject({ flips: 6, runs: 7 });
    expect(body.content[0].flips).toBe(6);
    for (const c of body.content) expect(c.flips).toBeGreaterThanOrEqual(2);
    // "Sort by rating" broke on Safari once and stayed broken: one flip, a regression rather than flaky.
    expect(body.content.find((c: { name: string }) => c.name === 'Sort by rating')).toBeUndefined();
    const once = (await t.get(`/api/v3/test_plans/${planId(NIGHTLY)}/flaky_tests?minFlips=1&limit=200`)).json();
    expect(once.content.find((c: { name: string }) => c.name === 'Sort by rating')).toMatchObject({ flips: 1 });
    // A fractional rate (PostgreSQL once took it for a bigint and answered 500): one flip in 7 runs is below a half.
    const often = await t.get(`/api/v3/test_plans/${planId(NIGHTLY)}/flaky_tests?minFlips=1&minFlipRate=0.5&limit=200`);
    expect(often.statusCode).toBe(200);
    expect(often.json().content.find((c: { name: string }) => c.name === 'Checkout with PayPal')).toMatchObject({ flips: 6 });
    expect(often.json().content.find((c: { name: string }) => c.name === 'Sort by rating')).toBeUndefined();
  });

  it('GET /test_cases/{id}/history lists a test\'s results newest first, within a plan when asked', async () => {
    const failing = (await t.get(`/api/v3/test_plans/${planId(NIGHTLY)}/failing_tests?limit=1`)).json().content[0];
    const res = await t.get(`/api/v3/test_cases/${failing.testCaseId}/history?limit=50&planId=${planId(NIGHTLY)}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ testCaseId: failing.testCaseId, name: 'Checkout with PayPal' });
    expect(body.content).toHaveLength(21);
    const ids = body.content.map((h: { caseResultId: number }) => h.caseResultId);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(body.content[0]).toMatchObject({ testPlanId: planId(NIGHTLY), machineTitle: expect.any(String), result: expect.stringMatching(/^(SUCCESS|FAILURE)$/) });
    expect((await t.get(`/api/v3/test_cases/${failing.testCaseId}/history?limit=4`)).json().content).toHaveLength(4);
  });

  it('the seed run\'s failing case has its two results (Chrome and Firefox) in its plan\'s history', async () => {
    const caseResult = (await t.get(`/api/v3/test_runs/${SEED_RUN_ID}/test_case_results/3857`)).json();
    const body = (await t.get(`/api/v3/test_cases/${caseResult.testCaseId}/history?planId=${planId(SEED_PLAN_NAME)}`)).json();
    expect(body.name).toBe('Login with mobile number');
    expect(body.content).toHaveLength(2);
    expect(body.content[0]).toEqual({
      caseResultId: 3857,
      runId: SEED_RUN_ID,
      testPlanId: planId(SEED_PLAN_NAME),
      buildNo: null,
      result: 'FAILURE',
      status: 'STATUS_COMPLETED',
      duration: 23038,
      startTime: '2024-05-29T07:29:31Z',
      runStartTime: '2024-05-29T07:29:19Z',
      message: 'Unable to perform click/check action on element, Element is not displayed.', // the step it failed through
      machineResultId: 1434,
      machineTitle: 'Windows Chrome',
      reRunParentId: null,
    });
    expect(body.content[1]).toMatchObject({ runId: SEED_RUN_ID, machineTitle: 'Windows Firefox' });
    // The nightly plan never ran this test.
    expect((await t.get(`/api/v3/test_cases/${caseResult.testCaseId}/history?planId=${planId(NIGHTLY)}`)).json().content).toEqual([]);
  });

  it.each([
    ['/api/v3/test_plans/0/trend', 'params'],
    ['/api/v3/test_plans/abc/trend', 'params'],
    ['/api/v3/test_plans/PLAN/trend?limit=0', 'querystring'],
    ['/api/v3/test_plans/PLAN/trend?limit=abc', 'querystring'],
    ['/api/v3/test_plans/PLAN/trend?limit=501', 'querystring'],
    ['/api/v3/test_plans/PLAN/failing_tests?runs=-1', 'querystring'],
    ['/api/v3/test_plans/PLAN/flaky_tests?minFlips=x', 'querystring'],
    ['/api/v3/test_plans/PLAN/flaky_tests?bogus=1', 'querystring'],
    ['/api/v3/test_cases/1/history?planId=0', 'querystring'],
    ['/api/v3/test_cases/1/history?limit=1.5', 'querystring'],
  ])('%s is a 400 JSON body naming the %s', async (url, where) => {
    const res = await t.get(url.replace('PLAN', String(planId(NIGHTLY))));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_REQUEST', error: expect.stringContaining(where), fieldErrors: expect.any(Array) });
  });

  it('needs a key', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v3/test_plans' });
    expect(res.statusCode).toBe(401);
  });

  describe('another workspace', () => {
    let other: { authorization: string };
    let otherRunId: number;
    beforeAll(async () => {
      const { key, workspaceId } = await createApiKey(t.store, 'globex', 'ci', NOW);
      other = { authorization: `Bearer ${key}` };
      otherRunId = await ingestDocument(t.store, workspaceId, { testPlan: 'Globex smoke', machines: [{ suites: [{ name: 'Smoke', cases: [{ name: 'Home page', result: 'PASSED' }] }] }] }, { now: NOW });
    });
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: other });

    it('sees only its own plans', async () => {
      const body = (await get('/api/v3/test_plans')).json();
      expect(body.content.map((p: Plan) => [p.name, p.runCount, p.latestRun?.id])).toEqual([['Globex smoke', 1, otherRunId]]);
    });

    it.each(['', '/trend', '/failing_tests', '/flaky_tests'])('gets a 404 for this workspace\'s plan%s', async (tail) => {
      const res = await get(`/api/v3/test_plans/${planId(NIGHTLY)}${tail}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('NOT_FOUND');
    });

    it('gets a 404 for this workspace\'s test case history', async () => {
      const caseResult = (await t.get(`/api/v3/test_runs/${SEED_RUN_ID}/test_case_results/3857`)).json();
      expect((await get(`/api/v3/test_cases/${caseResult.testCaseId}/history`)).statusCode).toBe(404);
    });

    it('gets a 404 when it filters its own test by this workspace\'s plan', async () => {
      const cases = await t.store.db.selectFrom('case_results').select('test_case_id').where('test_run_id', '=', otherRunId).execute();
      const own = await get(`/api/v3/test_cases/${cases[0]!.test_case_id}/history`);
      expect(own.statusCode).toBe(200);
      expect(own.json().content).toHaveLength(1);
      const res = await get(`/api/v3/test_cases/${cases[0]!.test_case_id}/history?planId=${planId(NIGHTLY)}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe(`test plan ${planId(NIGHTLY)} not found`);
    });
  });
});
