/**
 * The live reporting API: metrics are right at every moment, retries never duplicate, finish/stop
 * complete what is open, and bad references are 400s naming the field.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/databases.js';
import { testApp } from '../helpers/app.js';

const machine = { key: 'm1', deviceConfiguration: { title: 'Linux Chrome', browser: 'GoogleChrome' } };
const suite = { key: 's1', machineKey: 'm1', name: 'Cart' };

describe.each(DATABASES)('live API on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeEach(async () => {
    t = await testApp(kind);
  });
  afterEach(() => t.close());

  async function open(key = 'build-42') {
    const res = await t.post('/api/v3/live/test_runs', { testPlan: 'Checkout', key, buildNo: '42' });
    expect([200, 201]).toContain(res.statusCode);
    return res;
  }
  const rowCounts = async () => {
    const n = async (table: 'machine_results' | 'suite_results' | 'case_results' | 'step_results') => Number((await t.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { machines: await n('machine_results'), suites: await n('suite_results'), cases: await n('case_results'), steps: await n('step_results') };
  };

  it('opening twice with the same key returns the same run (201, then 200)', async () => {
    const first = await open();
    const again = await open();
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(first.json()).toMatchObject({ result: 'QUEUED', status: 'STATUS_IN_PROGRESS', metrics: { totalCount: 0 } });
  });

  it('metrics are right after every batch, and the same batch sent twice is stored once', async () => {
    const runId = (await open()).json().id;
    const batch = {
      machines: [machine],
      suites: [suite],
      cases: [
        { key: 'c1', suiteKey: 's1', name: 'add item', state: 'RUNNING', startTime: '2026-01-01T10:00:00Z' },
        { key: 'c2', suiteKey: 's1', name: 'remove item', result: 'PASSED', startTime: '2026-01-01T10:00:00Z', endTime: '2026-01-01T10:00:03Z' },
        { key: 'c3', suiteKey: 's1', name: 'apply coupon', state: 'QUEUED' },
      ],
    };
    const first = await t.post(`/api/v3/live/test_runs/${runId}/results`, batch);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ result: 'QUEUED', metrics: { totalCount: 3, passedCount: 1, runningCount: 1, queuedCount: 1 } });
    const counts = await rowCounts();
    const retry = await t.post(`/api/v3/live/test_runs/${runId}/results`, batch);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().metrics).toEqual(first.json().metrics);
    expect(await rowCounts()).toEqual(counts);

    const steps = {
      steps: [
        { key: 'c1-1', caseKey: 'c1', action: 'open the cart', result: 'SUCCESS' },
        { key: 'c1-2', caseKey: 'c1', action: 'press add', result: 'FAILURE', message: 'button disabled' },
      ],
    };
    await t.post(`/api/v3/live/test_runs/${runId}/results`, steps);
    await t.post(`/api/v3/live/test_runs/${runId}/results`, steps);
    expect((await rowCounts()).steps).toBe(2);
    const finished = await t.post(`/api/v3/live/test_runs/${runId}/results`, { cases: [{ key: 'c1', suiteKey: 's1', name: 'add item', state: 'FINISHED', endTime: '2026-01-01T10:00:05Z' }] });
    expect(finished.json().metrics).toMatchObject({ totalCount: 3, passedCount: 1, failedCount: 1, runningCount: 0, queuedCount: 1 });
    const c1 = await t.store.db.selectFrom('case_results').selectAll().where('client_key', '=', 'c1').executeTakeFirstOrThrow();
    expect(c1).toMatchObject({ result: 'FAILURE', total_count: 2, passed_count: 1, failed_count: 1 });

    const done = await t.post(`/api/v3/live/test_runs/${runId}/finish`, { endTime: '2026-01-01T10:01:00Z' });
    expect(done.statusCode).toBe(200);
    // c3 never ran: NOT_EXECUTED. The run is finished and rolled up.
    expect(done.json()).toMatchObject({ result: 'FAILURE', status: 'STATUS_COMPLETED', metrics: { totalCount: 3, passedCount: 1, failedCount: 1, notExecutedCount: 1, queuedCount: 0, runningCount: 0 } });
    const machineRow = await t.store.db.selectFrom('machine_results').selectAll().executeTakeFirstOrThrow();
    expect(machineRow).toMatchObject({ result: 'FAILURE', status: 'STATUS_COMPLETED', total_count: 3 });

    const late = await t.post(`/api/v3/live/test_runs/${runId}/results`, { cases: [{ key: 'c9', suiteKey: 's1', name: 'late', result: 'SUCCESS' }] });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'CONFLICT' });
  });

  it('stopping a run marks what had not run STOPPED and the run STOPPED', async () => {
    const runId = (await open('stop-me')).json().id;
    await t.post(`/api/v3/live/test_runs/${runId}/results`, { machines: [machine], suites: [suite], cases: [{ key: 'a', suiteKey: 's1', name: 'a', result: 'SUCCESS' }, { key: 'b', suiteKey: 's1', name: 'b' }] });
    const stopped = await t.post(`/api/v3/live/test_runs/${runId}/stop`, {});
    expect(stopped.json()).toMatchObject({ result: 'STOPPED', status: 'STATUS_COMPLETED', metrics: { totalCount: 2, passedCount: 1, stoppedCount: 1 } });
  });

  it('finish and stop take a POST with no body and no Content-Type (curl -X POST), or an empty one', async () => {
    for (const [action, result] of [['finish', 'NOT_EXECUTED'], ['stop', 'STOPPED']] as const) {
      for (const headers of [{}, { 'content-length': '0' }, { 'content-type': 'text/plain' }]) {
        const runId = (await open(`bare-${action}-${Object.keys(headers).join()}`)).json().id;
        await t.post(`/api/v3/live/test_runs/${runId}/results`, { machines: [machine], suites: [suite], cases: [{ key: 'a', suiteKey: 's1', name: 'a' }] });
        const res = await t.app.inject({ method: 'POST', url: `/api/v3/live/test_runs/${runId}/${action}`, headers: { ...t.auth, ...headers } });
        expect(res.statusCode, `${action} ${JSON.stringify(headers)}`).toBe(200);
        expect(res.json()).toMatchObject({ id: runId, result, status: 'STATUS_COMPLETED' });
      }
    }
    const runId = (await open('bad-body')).json().id;
    const unknown = await t.app.inject({ method: 'POST', url: `/api/v3/live/test_runs/${runId}/finish`, headers: t.auth, payload: { colour: 'red' } });
    expect(unknown.json()).toMatchObject({ code: 'INVALID_REQUEST', fieldErrors: [{ field: 'colour' }] });
  });

  it('data-driven iterations stream under their parent, which counts them', async () => {
    const runId = (await open('dd')).json().id;
    await t.post(`/api/v3/live/test_runs/${runId}/results`, {
      machines: [machine],
      suites: [suite],
      cases: [
        { key: 'p', suiteKey: 's1', name: 'login', isDataDriven: true, state: 'FINISHED' },
        { key: 'p-1', suiteKey: 's1', parentKey: 'p', name: 'admin', result: 'SUCCESS' },
        { key: 'p-2', suiteKey: 's1', parentKey: 'p', name: 'guest', result: 'FAILURE' },
      ],
    });
    const done = (await t.post(`/api/v3/live/test_runs/${runId}/finish`, {})).json();
    expect(done.metrics).toMatchObject({ totalCount: 1, failedCount: 1 });
    const parent = await t.store.db.selectFrom('case_results').selectAll().where('client_key', '=', 'p').executeTakeFirstOrThrow();
    expect(parent).toMatchObject({ result: 'FAILURE', total_count: 2, passed_count: 1, failed_count: 1 });
  });

  it('a reference to an unknown key is a 400 naming the field, and the batch stores nothing', async () => {
    const runId = (await open('bad')).json().id;
    const res = await t.post(`/api/v3/live/test_runs/${runId}/results`, { machines: [machine], cases: [{ key: 'x', suiteKey: 'nope', name: 'x', result: 'SUCCESS' }] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_DOCUMENT', fieldErrors: [{ field: 'cases[0].suiteKey' }] });
    expect(await rowCounts()).toEqual({ machines: 0, suites: 0, cases: 0, steps: 0 });
  });

  it('a batch for a run of another workspace is a 404', async () => {
    const runId = (await open('mine')).json().id;
    const { createApiKey } = await import('../../src/auth/api-keys.js');
    const other = await createApiKey(t.store, 'other', 'ci', Date.now());
    const res = await t.app.inject({ method: 'POST', url: `/api/v3/live/test_runs/${runId}/results`, headers: { authorization: `Bearer ${other.key}` }, payload: { machines: [machine] } });
    expect(res.statusCode).toBe(404);
  });

  it('a late batch never moves a case backwards: the failure sent after the retried QUEUED batch stays', async () => {
    const runId = (await open('late')).json().id;
    const queued = { machines: [machine], suites: [suite], cases: [{ key: 'c', suiteKey: 's1', name: 'pay', state: 'QUEUED' }] };
    await t.post(`/api/v3/live/test_runs/${runId}/results`, queued);
    await t.post(`/api/v3/live/test_runs/${runId}/results`, { cases: [{ key: 'c', suiteKey: 's1', name: 'pay', state: 'FINISHED', result: 'FAILURE', message: 'declined' }] });
    const retried = await t.post(`/api/v3/live/test_runs/${runId}/results`, queued); // the client's retry of the first batch arrives late
    expect(retried.statusCode).toBe(200);
    await t.post(`/api/v3/live/test_runs/${runId}/results`, { cases: [{ key: 'c', suiteKey: 's1', name: 'pay', state: 'RUNNING' }] });
    const done = (await t.post(`/api/v3/live/test_runs/${runId}/finish`, {})).json();
    expect(done).toMatchObject({ result: 'FAILURE', metrics: { totalCount: 1, failedCount: 1, notExecutedCount: 0 } });
    const c = await t.store.db.selectFrom('case_results').selectAll().where('client_key', '=', 'c').executeTakeFirstOrThrow();
    expect(c).toMatchObject({ result: 'FAILURE', status: 'STATUS_COMPLETED', message: 'declined' });
  });

  it('the same key twice in one batch is one item, the later fields winning', async () => {
    const runId = (await open('twice')).json().id;
    const res = await t.post(`/api/v3/live/test_runs/${runId}/results`, {
      machines: [machine],
      suites: [suite],
      cases: [
        { key: 'c', suiteKey: 's1', name: 'pay', state: 'RUNNING' },
        { key: 'c', suiteKey: 's1', name: 'pay', result: 'SUCCESS' },
      ],
      steps: [
        { key: 's', caseKey: 'c', action: 'press pay', state: 'RUNNING' },
        { key: 's', caseKey: 'c', action: 'press pay', result: 'SUCCESS' },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().metrics).toMatchObject({ totalCount: 1, passedCount: 1 });
    expect(await rowCounts()).toEqual({ machines: 1, suites: 1, cases: 1, steps: 1 });
  });

  it('moving a case to another suite, or a suite to another machine, is a 400 naming the field, as moving a step is', async () => {
    const runId = (await open('move')).json().id;
    await t.post(`/api/v3/live/test_runs/${runId}/results`, {
      machines: [machine, { key: 'm2', deviceConfiguration: { title: 'Linux Firefox' } }],
      suites: [suite, { key: 's2', machineKey: 'm1', name: 'Checkout' }],
      cases: [{ key: 'c', suiteKey: 's1', name: 'pay', state: 'RUNNING' }],
    });
    const movedCase = await t.post(`/api/v3/live/test_runs/${runId}/results`, { cases: [{ key: 'c', suiteKey: 's2', name: 'pay', result: 'SUCCESS' }] });
    expect(movedCase.statusCode).toBe(400);
    expect(movedCase.json()).toMatchObject({ fieldErrors: [{ field: 'cases[0].suiteKey' }] });
    const movedSuite = await t.post(`/api/v3/live/test_runs/${runId}/results`, { suites: [{ key: 's2', machineKey: 'm2', name: 'Checkout' }] });
    expect(movedSuite.statusCode).toBe(400);
    expect(movedSuite.json()).toMatchObject({ fieldErrors: [{ field: 'suites[0].machineKey' }] });
  });

  it('an end before the start is a 400 naming the field, in the same patch or against the stored start', async () => {
    const runId = (await open('times')).json().id;
    const base = { machines: [machine], suites: [suite] };
    const same = await t.post(`/api/v3/live/test_runs/${runId}/results`, { ...base, cases: [{ key: 'c', suiteKey: 's1', name: 'pay', startTime: '2026-01-01T10:00:05Z', endTime: '2026-01-01T10:00:00Z' }] });
    expect(same.statusCode).toBe(400);
    expect(same.json()).toMatchObject({ fieldErrors: [{ field: 'cases[0].endTime' }] });
    await t.post(`/api/v3/live/test_runs/${runId}/results`, { ...base, cases: [{ key: 'c', suiteKey: 's1', name: 'pay', startTime: '2026-01-01T10:00:05Z' }] });
    const later = await t.post(`/api/v3/live/test_runs/${runId}/results`, { cases: [{ key: 'c', suiteKey: 's1', name: 'pay', endTime: '2026-01-01T10:00:00Z' }] });
    expect(later.statusCode).toBe(400);
    const step = await t.post(`/api/v3/live/test_runs/${runId}/results`, { steps: [{ key: 's', caseKey: 'c', action: 'a', startTime: '2026-01-01T10:00:05Z', endTime: '2026-01-01T10:00:00Z' }] });
    expect(step.json()).toMatchObject({ fieldErrors: [{ field: 'steps[0].endTime' }] });
  });
});
