/**
 * Trigger and poll (issue 9, item 5), on every database: a trigger opens a run that waits for its CI and
 * calls the plan's hook (a local receiver standing in for GitHub); the CI fills the run (`verdict upload
 * --run-id`, or the live API); pollers see STATUS_CREATED, STATUS_IN_PROGRESS, then STATUS_COMPLETED and
 * the result. A hook that fails, and a run that never gets results, end ABORTED with a message.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { uploadCommand } from '../../src/cli/commands/upload.js';
import { NOW } from '../helpers/app.js';
import { DATABASES } from '../helpers/databases.js';
import { deadUrl, hookReceiver } from '../helpers/hook-receiver.js';
import { captureIo, triggerApp, type TriggerApp } from './trigger-support.js';

const PAT = 'ghp_TriggerTestPersonalAccessToken0001';
const firstKey = (text: string, key: string) => text.indexOf(`"${key}":`);
const firstNested = (text: string) => text.slice(1).search(/":\s*[[{]/) + 1;

describe.each(DATABASES)('trigger and poll on %s', (kind) => {
  let t: TriggerApp;
  let receiver: Awaited<ReturnType<typeof hookReceiver>>;
  beforeAll(async () => {
    t = await triggerApp(kind, { hookTimeoutMs: 300 });
    receiver = await hookReceiver();
  });
  afterEach(() => {
    receiver.received.length = 0;
    receiver.answerWith(204);
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  const v1 = async (runId: number) => (await t.get(`/api/v1/execution_results/${runId}`)).json();
  const githubHook = (planId: number, extra: object = {}) =>
    t.put(`/api/v3/test_plans/${planId}/trigger_hook`, {
      url: `${receiver.url}/repos/acme/shop/actions/workflows/verdict.yml/dispatches`,
      headers: { Authorization: `Bearer ${PAT}`, Accept: 'application/vnd.github+json' },
      body: { ref: 'main', inputs: { verdict_run_id: '{{runId}}', build: '{{buildNo}}', branch: '{{runtimeData.branch}}' } },
      ...extra,
    });

  it('POST /api/v1/execution_results opens a run waiting for its CI and answers 200 with the v1 run body', async () => {
    const planId = await t.plan('Checkout');
    const res = await t.post('/api/v1/execution_results', { executionId: planId, buildNo: 42, environmentId: 7, runtimeData: { branch: 'main', retries: 2 }, uploadVersions: {}, executionConfig: { name: 'x' } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ executionId: planId, endTime: null, duration: null, result: 'QUEUED', status: 'STATUS_CREATED', message: null, buildNo: '42', environmentId: 7, triggeredType: 'API', totalCount: 0, consolidatedStatus: 'STATUS_CREATED', triggerHook: null });
    expect(body.id).toEqual(expect.any(Number));
    expect(body.startTime).toBe(NOW);
    expect(body.app_url).toBe(`http://verdict.test/runs/${body.id}`);
    const { triggerHook: _, ...runBody } = body;
    expect(await v1(body.id)).toEqual(runBody);
    expect((await t.get(`/api/v3/test_runs/${body.id}`)).json()).toMatchObject({ status: 'STATUS_CREATED', result: 'QUEUED', triggeredType: 'API', environmentId: 7, environment: { branch: 'main', retries: '2', environmentId: '7' } });
    const latest = (await t.get(`/api/v1/execution_results?executionId=${planId}&page=0&size=1&sortBy=id&direction=DESC`)).json();
    expect(latest.content[0]).toMatchObject({ id: body.id, status: 'STATUS_CREATED' });
    expect(t.events.filter((e) => e.runId === body.id).map((e) => e.kind)).toEqual(['run.created', 'run.updated']);
  });

  it("POST /api/v1/test_plan_results takes the Jenkins plugin's body (the plan id as a string); GET test_plan_results/{id} polls it", async () => {
    const planId = await t.plan('Jenkins');
    const res = await t.post('/api/v1/test_plan_results', { testPlanId: String(planId) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ executionId: planId, status: 'STATUS_CREATED', result: 'QUEUED', buildNo: null, environmentId: null });
    expect((await t.get(`/api/v1/test_plan_results/${res.json().id}`)).json()).toMatchObject({ id: res.json().id, status: 'STATUS_CREATED' });
  });

  it("an unknown plan, or another workspace's, is a 404; a body without the plan id is a 400", async () => {
    const { workspaceId } = await createApiKey(t.store, 'other', 'ci', NOW);
    const foreign = await t.plan('Theirs', workspaceId);
    for (const id of [999_999, foreign]) {
      expect((await t.post('/api/v1/execution_results', { executionId: id })).statusCode).toBe(404);
      expect((await t.post('/api/v1/test_plan_results', { testPlanId: id })).json()).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await t.post('/api/v1/execution_results', { buildNo: '1' })).json()).toMatchObject({ code: 'INVALID_REQUEST', fieldErrors: [{ field: 'executionId' }] });
  });

  it('trigger → the hook dispatches the CI with the run id → verdict upload --run-id → poll ends STATUS_COMPLETED with the result', async () => {
    const planId = await t.plan('Shop');
    expect((await githubHook(planId)).statusCode).toBe(200);
    const res = await t.post('/api/v1/execution_results', { executionId: planId, buildNo: '1.4.2', runtimeData: { branch: 'release' } });
    expect(res.statusCode).toBe(200);
    const triggered = res.json();
    expect(triggered).toMatchObject({ status: 'STATUS_CREATED', result: 'QUEUED', triggerHook: { called: true, succeeded: true, statusCode: 204, error: null, calledAt: NOW } });
    expect(triggered.triggerHook.durationMs).toEqual(expect.any(Number));
    // Shell scripts read the first "status" and "result" keys: the run's, not the hook's nested object.
    expect(firstKey(res.body, 'status')).toBeLessThan(firstNested(res.body));
    expect(firstKey(res.body, 'result')).toBeLessThan(firstNested(res.body));
    expect(firstNested(res.body)).toBe(res.body.indexOf('"triggerHook":') + '"triggerHook'.length);

    // What GitHub's workflow_dispatch receives.
    expect(receiver.received).toHaveLength(1);
    const dispatch = receiver.received[0]!;
    expect(dispatch).toMatchObject({ method: 'POST', url: '/repos/acme/shop/actions/workflows/verdict.yml/dispatches' });
    expect(dispatch.headers).toMatchObject({ authorization: `Bearer ${PAT}`, accept: 'application/vnd.github+json', 'content-type': 'application/json' });
    const inputs = JSON.parse(dispatch.body);
    expect(inputs).toEqual({ ref: 'main', inputs: { verdict_run_id: String(triggered.id), build: '1.4.2', branch: 'release' } });
    expect(await v1(triggered.id)).toMatchObject({ status: 'STATUS_CREATED', result: 'QUEUED' });

    // The workflow runs the tests and uploads into the run it was given, a few minutes later.
    t.clock.now = NOW + 10 * 60_000;
    const { io, out } = captureIo();
    const code = await uploadCommand(['--server', t.server, '--key', t.key, '--run-id', inputs.inputs.verdict_run_id, '--machine', 'ci-linux', t.report], io, { GITHUB_ACTIONS: 'true', GITHUB_RUN_NUMBER: '77', GITHUB_SHA: 'abc123' });
    expect(code).toBe(0);
    expect(out[0]).toBe(`Run ${triggered.id}: FAILURE, 3 tests: 2 passed, 1 failed from 1 file (junit)`);

    const polled = await v1(triggered.id);
    expect(polled).toMatchObject({ id: triggered.id, executionId: planId, status: 'STATUS_COMPLETED', result: 'FAILURE', message: 'Test plan execution failed', buildNo: '1.4.2', totalCount: 3, passedCount: 2, failedCount: 1, triggeredType: 'API' });
    expect(polled.startTime).toBe(Date.parse('2026-11-28T12:01:00Z'));
    expect((await t.get(`/api/v3/test_runs/${triggered.id}`)).json()).toMatchObject({ environment: { branch: 'release', commit: 'abc123' } });
    expect((await t.get(`/api/v1/reports/junit/${triggered.id}`)).statusCode).toBe(200);
    expect(t.events.filter((e) => e.runId === triggered.id).map((e) => e.kind)).toEqual(['run.created', 'run.updated', 'run.finished']);
    t.clock.now = NOW;
  });

  it('the live API fills a triggered run too: pollers see STATUS_IN_PROGRESS after the first batch, then STATUS_COMPLETED', async () => {
    const planId = await t.plan('Live');
    const { id } = (await t.post('/api/v1/execution_results', { executionId: planId })).json();
    t.clock.now = NOW + 60_000;
    const batch = await t.post(`/api/v3/live/test_runs/${id}/results`, {
      machines: [{ key: 'm1', deviceConfiguration: { title: 'Linux Chrome' } }],
      suites: [{ key: 's1', machineKey: 'm1', name: 'Cart' }],
      cases: [{ key: 'c1', suiteKey: 's1', name: 'add item', state: 'RUNNING' }],
    });
    expect(batch.statusCode).toBe(200);
    expect(await v1(id)).toMatchObject({ status: 'STATUS_IN_PROGRESS', result: 'QUEUED', startTime: NOW + 60_000, totalRunningCount: 1 });
    await t.post(`/api/v3/live/test_runs/${id}/results`, { cases: [{ key: 'c1', suiteKey: 's1', name: 'add item', state: 'FINISHED', result: 'PASSED' }] });
    expect((await t.post(`/api/v3/live/test_runs/${id}/finish`)).statusCode).toBe(200);
    expect(await v1(id)).toMatchObject({ status: 'STATUS_COMPLETED', result: 'SUCCESS', totalCount: 1, passedCount: 1 });
    t.clock.now = NOW;
  });

  it('a hook that answers 500 ends the run ABORTED saying so; the answer is still 200 with that run', async () => {
    const planId = await t.plan('Broken CI');
    await githubHook(planId);
    receiver.answerWith(500);
    const res = await t.post('/api/v1/test_plan_results', { testPlanId: planId });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'STATUS_COMPLETED', result: 'ABORTED', message: 'the trigger hook failed: it answered HTTP 500', triggerHook: { called: true, succeeded: false, statusCode: 500, error: null } });
    expect(await v1(body.id)).toMatchObject({ status: 'STATUS_COMPLETED', result: 'ABORTED', message: 'the trigger hook failed: it answered HTTP 500' });
    expect(t.events.filter((e) => e.runId === body.id).map((e) => e.kind)).toEqual(['run.created', 'run.updated', 'run.finished']);
    const row = await t.store.db.selectFrom('run_triggers').selectAll().where('test_run_id', '=', body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ hook_called_at: NOW, hook_status: 500, hook_error: null });
  });

  it('a hook that is down, or too slow, ends the run ABORTED naming the error', async () => {
    const planId = await t.plan('Down CI');
    await githubHook(planId, { url: `${await deadUrl()}/trigger` });
    const down = (await t.post('/api/v1/execution_results', { executionId: planId })).json();
    expect(down).toMatchObject({ result: 'ABORTED', status: 'STATUS_COMPLETED', triggerHook: { succeeded: false, statusCode: null } });
    expect(down.message).toMatch(/^the trigger hook failed: connect ECONNREFUSED 127\.0\.0\.1:\d+$/);
    expect(down.triggerHook.error).toMatch(/ECONNREFUSED/);

    await githubHook(planId);
    receiver.answerWith('hang');
    const slow = (await t.post('/api/v1/execution_results', { executionId: planId })).json();
    expect(slow).toMatchObject({ result: 'ABORTED', message: 'the trigger hook failed: it did not answer within 0.3 s', triggerHook: { statusCode: null, error: 'it did not answer within 0.3 s' } });
  });

  it('the time-out job ends a run that got nothing ABORTED with a message; runs that got results, or are not yet due, stay', async () => {
    const planId = await t.plan('Nightly');
    await githubHook(planId, { timeoutMinutes: 5 });
    const quick = (await t.post('/api/v1/execution_results', { executionId: planId })).json();
    expect((await t.del(`/api/v3/test_plans/${planId}/trigger_hook`)).statusCode).toBe(204);
    const slow = (await t.post('/api/v1/execution_results', { executionId: planId })).json();
    const filled = (await t.post('/api/v1/execution_results', { executionId: planId })).json();
    await t.post(`/api/v3/live/test_runs/${filled.id}/results`, { machines: [{ key: 'm1' }] });

    t.clock.now = NOW + 5 * 60_000 - 1;
    await t.runJobs();
    expect(await v1(quick.id)).toMatchObject({ status: 'STATUS_CREATED' });
    t.clock.now = NOW + 5 * 60_000;
    await t.runJobs();
    expect(await v1(quick.id)).toMatchObject({ status: 'STATUS_COMPLETED', result: 'ABORTED', message: 'no results arrived within 5 minutes of the trigger', endTime: NOW + 5 * 60_000, duration: 5 * 60_000 });
    expect(await v1(slow.id)).toMatchObject({ status: 'STATUS_CREATED', result: 'QUEUED' });

    t.clock.now = NOW + 60 * 60_000;
    await t.runJobs();
    expect(await v1(slow.id)).toMatchObject({ status: 'STATUS_COMPLETED', result: 'ABORTED', message: 'no results arrived within 60 minutes of the trigger' });
    expect(await v1(filled.id)).toMatchObject({ status: 'STATUS_IN_PROGRESS' });
    expect(t.events.filter((e) => e.runId === slow.id).map((e) => e.kind)).toEqual(['run.created', 'run.updated', 'run.finished']);

    // The live API refuses a finished run; a report that comes after all still lands, and the result is then its.
    expect((await t.post(`/api/v3/live/test_runs/${slow.id}/results`, { machines: [{ key: 'm1' }] })).json()).toMatchObject({ code: 'CONFLICT' });
    const late = await uploadCommand(['--server', t.server, '--key', t.key, '--run-id', String(slow.id), t.report], captureIo().io, {});
    expect(late).toBe(0);
    expect(await v1(slow.id)).toMatchObject({ status: 'STATUS_COMPLETED', result: 'FAILURE', totalCount: 3 });
    t.clock.now = NOW;
  });
});
