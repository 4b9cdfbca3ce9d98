/**
 * The read calls of the public clients in reference.md §11, replayed: each route they call answers 200
 * with the keys they read, of the types they expect (a script that reads a missing key, or a string where
 * it expects a number, breaks as surely as on a 404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRunDocument } from '../../src/demo/seed-run.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { NOW, testApp } from '../helpers/app.js';
import { DATABASES } from '../helpers/databases.js';

type Kind = 'number' | 'string' | 'null' | 'number|null' | 'string|null';

/** Each dotted path of `body` has a value of its kind. */
function expectKinds(body: unknown, kinds: Record<string, Kind>) {
  for (const [path, kind] of Object.entries(kinds)) {
    const value = path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], body);
    const actual = value === null ? 'null' : typeof value;
    expect(kind.split('|'), `${path} is ${actual}`).toContain(actual);
  }
}

const STATUS = /^STATUS_(CREATED|QUEUED|PRE_FLIGHT|IN_PROGRESS|COMPLETED)$/;

describe.each(DATABASES)('client scripts on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let liveRun: number;

  beforeAll(async () => {
    t = await testApp(kind);
    await ingestDocument(t.store, t.workspaceId, seedRunDocument(), { now: NOW, trustFixedIds: true });
    const open = await t.post('/api/v3/live/test_runs', { testPlan: 'Simply Travel Web', buildNo: '7', environment: { environmentId: '12', branch: 'main' } });
    liveRun = open.json().id;
  });
  afterAll(() => t.close());

  it('testsigma-trigger.sh: polls v1, then reads the v2 run, its cases and their messages', async () => {
    const run = await t.get('/api/v1/execution_results/517');
    expect(run.statusCode).toBe(200);
    expectKinds(run.json(), { id: 'number', status: 'string', result: 'string' });
    expect(run.json().status).toMatch(STATUS);

    const v2 = await t.get('/api/v2/test_runs/517');
    expect(v2.statusCode).toBe(200);
    expectKinds(v2.json(), {
      id: 'number', buildNo: 'string|null', startTime: 'string', endTime: 'string', environmentId: 'number|null', result: 'string',
      'metrics.result': 'string', 'metrics.duration': 'number', 'metrics.totalCount': 'number', 'metrics.passedCount': 'number',
      'metrics.failedCount': 'number', 'metrics.stoppedCount': 'number', 'metrics.notExecutedCount': 'number',
    });

    const cases = (await t.get('/api/v1/execution_results/517/test_case_results')).json();
    for (const c of cases.testCases) expectKinds(c, { testCaseName: 'string', testSuiteName: 'string', machineTitle: 'string', result: 'string', testCaseResultId: 'number' });

    const page = (await t.get('/api/v1/test_case_results?executionResultId=517&page=0&size=200')).json();
    expect(page.content).toHaveLength(8);
    for (const c of page.content) expectKinds(c, { id: 'number', message: 'string|null' });
  });

  it("testsigma-trigger.sh (newer): finds the plan's run in progress through execution_results?executionId=", async () => {
    const res = await t.get('/api/v1/execution_results?executionId=420&page=0&size=1&sortBy=id&direction=DESC');
    expect(res.statusCode).toBe(200);
    const [latest] = res.json().content;
    expectKinds(latest, { id: 'number', status: 'string', result: 'string', executionId: 'number' });
    expect(latest).toMatchObject({ id: liveRun, executionId: 420 });
    expect(latest.status).not.toBe('STATUS_COMPLETED');
    const legacy = await t.get('/api/v1/executions/420/test_plan_results?page=0&size=1&sortBy=id&direction=DESC');
    expect(legacy.json().content[0].id).toBe(liveRun);
  });

  it('the Jenkins plugin: polls GET /api/v1/test_plan_results/{id} for status, then reads result', async () => {
    for (const id of [517, liveRun]) {
      const res = await t.app.inject({ url: `/api/v1/test_plan_results/${id}`, headers: t.auth });
      expect(res.statusCode).toBe(200);
      expectKinds(res.json(), { id: 'number', status: 'string', result: 'string' });
      expect(res.json().id).toBe(id);
    }
    expect((await t.get(`/api/v1/test_plan_results/${liveRun}`)).json().status).toMatch(/^STATUS_(CREATED|IN_PROGRESS)$/);
  });

  it('v2 and v3 run bodies carry environmentId: null when unknown, the number the environment names otherwise', async () => {
    for (const version of ['v2', 'v3']) {
      expect((await t.get(`/api/${version}/test_runs/517`)).json().environmentId).toBeNull();
      expect((await t.get(`/api/${version}/test_runs/${liveRun}`)).json()).toMatchObject({ environmentId: 12, environment: { environmentId: '12', branch: 'main' } });
      const list = (await t.get(`/api/${version}/test_runs?sort=id,asc`)).json();
      expect(list.content.map((r: { environmentId: unknown }) => r.environmentId)).toEqual([null, 12]);
    }
    expect((await t.get(`/api/v1/execution_results/${liveRun}`)).json().environmentId).toBe(12);
  });
});
