/**
 * The ReportPortal reporting API's routes and launches: keys and projects, Verdict's own routes beside
 * `{project}`, the version clients read, launch starts honoured, resent and named late, finishes, look-ups
 * and re-runs. Items and logs: reportportal-items.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { DATABASES } from '../helpers/databases.js';
import { NOW, testApp } from '../helpers/app.js';
import { rpClient } from '../reportportal/rp-client.js';

type App = Awaited<ReturnType<typeof testApp>>;

describe.each(DATABASES)('ReportPortal API routes and launches on %s', (kind) => {
  let t: App;
  let rp: ReturnType<typeof rpClient>;
  beforeEach(async () => {
    t = await testApp(kind);
    rp = rpClient(t);
  });
  afterEach(() => t.close());

  const run = async (id: number) => (await t.get(`/api/v3/test_runs/${id}`)).json();
  const runOfLaunch = async (uuid: string) => (await rp.send('GET', `/launch/uuid/${uuid}`)).json().id as number;

  it('answers /api/info without a key, with a version at which clients send microsecond times', async () => {
    const res = await t.app.inject({ url: '/api/info' });
    expect(res.statusCode).toBe(200);
    const [major, minor, patch] = res.json().build.version.split('.').map(Number);
    expect(major * 1e6 + minor * 1e3 + patch).toBeGreaterThanOrEqual(5_013_002);
  });

  it("refuses a missing key (401) and another workspace's project (404), with ReportPortal's error body", async () => {
    const noKey = await t.app.inject({ method: 'POST', url: '/api/v1/acme/launch', payload: { name: 'x' } });
    expect(noKey.statusCode).toBe(401);
    expect(noKey.json()).toEqual({ errorCode: 4003, message: expect.any(String) });
    const { key: otherKey } = await createApiKey(t.store, 'other', 'ci', NOW);
    const asOther = rpClient(t, { auth: { authorization: `Bearer ${otherKey}` } });
    expect((await asOther.send('POST', '/launch', { name: 'x', startTime: NOW })).json()).toMatchObject({ errorCode: 4040 });
    expect((await rpClient(t, { project: 'other' }).send('POST', '/launch', { name: 'x', startTime: NOW })).statusCode).toBe(404);
    expect((await rp.send('POST', '/launch', { startTime: NOW })).json()).toEqual({ errorCode: 4001, message: expect.stringMatching(/name/) });
  });

  it("keeps Verdict's own /api/v1 and /api/v2 routes ahead of {project}", async () => {
    const launch = await rp.launch({ name: 'static first' });
    const { number: runId } = await rp.finishLaunch(launch);
    expect((await t.get(`/api/v1/execution_results/${runId}`)).json()).toMatchObject({ id: runId, status: 'STATUS_COMPLETED' });
    expect((await t.get(`/api/v1/reports/junit/${runId}`)).statusCode).toBe(200);
    expect((await t.get(`/api/v2/test_runs/${runId}`)).json()).toMatchObject({ id: runId, testPlanName: 'static first' });
    expect((await rpClient(t, { version: 'v2' }).send('GET', '/settings')).json().subTypes.PRODUCT_BUG[0]).toMatchObject({ locator: 'pb001', typeRef: 'PRODUCT_BUG' });
  });

  it("honours the client's launch UUID; the same start again (by UUID, or by body without one) changes nothing", async () => {
    const uuid = '5bd0d49d-003d-4a18-a19e-48ba1a7dc597';
    const body = { name: 'sharded', startTime: NOW, uuid, attributes: [{ key: 'build', value: '1234' }] };
    const first = await rp.send('POST', '/launch', body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ id: uuid, number: expect.any(Number) });
    expect((await rp.send('POST', '/launch', body)).json()).toEqual(first.json());
    expect((await rpClient(t, { version: 'v2' }).send('POST', '/launch', body)).json()).toEqual(first.json());

    const anonymous = { name: 'no uuid', startTime: NOW + 5 };
    const a = (await rp.send('POST', '/launch', anonymous)).json();
    expect((await rp.send('POST', '/launch', anonymous)).json()).toEqual(a);
    // A finished launch's body again is a new launch: the client that lost a reply cannot have finished it.
    await rp.finishLaunch(a.id);
    expect((await rp.send('POST', '/launch', anonymous)).json().id).not.toBe(a.id);
    expect((await t.get('/api/v3/test_runs')).json().totalElements).toBe(3);
  });

  it('keeps attributes and description in the environment, the build attribute as build number, os as the machine', async () => {
    const launch = await rp.launch({
      name: 'facts',
      description: 'nightly',
      attributes: [{ key: 'build', value: '1234' }, { value: 'smoke' }, { key: 'os', value: 'Linux|x64', system: true }, { key: 'RAMSize', value: 25276510208, system: true }],
    });
    const body = await run(await runOfLaunch(launch));
    expect(body).toMatchObject({ testPlanName: 'facts', buildNo: '1234', environment: { build: '1234', tags: 'smoke', description: 'nightly', RAMSize: '25276510208' } });
    expect((await t.get(`/api/v3/test_runs/${body.id}/test_machine_results`)).json().content.map((m: { deviceConfiguration: { title: string } }) => m.deviceConfiguration.title)).toEqual(['Linux x64']);
  });

  it('takes items of a launch it has not seen start, and names the run when the start comes', async () => {
    const uuid = 'c1000000-0000-4000-8000-000000000001';
    const suite = await rp.item(uuid, null, { name: 'Shard 2', type: 'SUITE' });
    const test = await rp.item(uuid, suite, { name: 'searches' });
    await rp.finish(test, uuid, { status: 'passed' });
    const runId = await runOfLaunch(uuid);
    expect(await run(runId)).toMatchObject({ testPlanName: 'unnamed launch', status: 'STATUS_IN_PROGRESS' });
    expect(await rp.launch({ name: 'late start', uuid, attributes: [{ key: 'os', value: 'Linux|arm64', system: true }] })).toBe(uuid);
    const { link } = await rp.finishLaunch(uuid);
    expect(link).toBe(`http://verdict.test/runs/${runId}`);
    expect(await run(runId)).toMatchObject({ testPlanName: 'late start', result: 'SUCCESS', metrics: { totalCount: 1, passedCount: 1 } });
    expect((await t.get(`/api/v3/test_runs/${runId}/test_machine_results`)).json().content[0].deviceConfiguration.title).toBe('Linux arm64');
    expect((await t.get('/api/v3/test_runs')).json().totalElements).toBe(1);
  });

  it('finishes once: a finish sent again answers the same link; stopped leaves the unfinished STOPPED', async () => {
    const launch = await rp.launch();
    const open = await rp.item(launch, null, { name: 'never finishes' });
    const finished = await rp.finishLaunch(launch, { status: 'stopped' });
    expect(finished).toEqual({ id: launch, number: expect.any(Number), link: `http://verdict.test/runs/${finished.number}` });
    expect(await rp.finishLaunch(launch)).toEqual(finished);
    expect(await run(finished.number)).toMatchObject({ result: 'STOPPED', status: 'STATUS_COMPLETED' });
    expect(open).toBeTruthy();
    expect((await rp.send('PUT', '/launch/no-such-launch/finish', { endTime: NOW })).json()).toMatchObject({ errorCode: 4041 });
  });

  it('looks launches up by UUID (numeric id: the run) and lists them by UUID', async () => {
    const a = await rp.launch({ name: 'a' });
    const b = await rp.launch({ name: 'b' });
    const found = (await rp.send('GET', `/launch/uuid/${a}`)).json();
    expect(found).toMatchObject({ uuid: a, name: 'a', status: 'IN_PROGRESS', mode: 'DEFAULT', id: expect.any(Number) });
    expect((await rp.send('GET', '/launch/uuid/nope')).json()).toMatchObject({ errorCode: 4041 });
    const list = (await rp.send('GET', `/launch?filter.in.uuid=${a},${b}&page.page=1&page.size=10`)).json();
    expect(list.content.map((l: { uuid: string }) => l.uuid).sort()).toEqual([a, b].sort());
    expect(list.page).toEqual({ number: 1, size: 10, totalElements: 2, totalPages: 1 });
    expect((await rp.send('GET', '/launch?page.page=1&page.size=1')).json().content).toHaveLength(1);
  });

  it('chains re-runs: `rerun` re-runs the plan\'s latest run, `rerunOf` the launch it names', async () => {
    const first = await rp.launch({ name: 'chain' });
    await rp.finishLaunch(first);
    const second = await rp.launch({ name: 'chain', rerun: true });
    await rp.finishLaunch(second);
    const third = await rp.launch({ name: 'chain', rerun: true, rerunOf: first });
    const [r1, r2, r3] = [await runOfLaunch(first), await runOfLaunch(second), await runOfLaunch(third)];
    expect((await run(r2)).reRunParentId).toBe(r1);
    // The chain has no forks: a re-run of the first joins the chain's end.
    expect((await run(r3)).reRunParentId).toBe(r2);
  });
});
