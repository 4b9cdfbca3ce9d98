/**
 * ReportPortal items and logs onto Verdict's levels: suites as paths, cases, nested steps, the tree's
 * corrections (a case that turns out a suite, a suite that turns out a case), retries as attempts, finishes
 * without a status, resent starts and logs, logs as output and messages, files as attachments (413 over
 * the limit), late items.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/databases.js';
import { NOW, testApp } from '../helpers/app.js';
import { logBatch, rpClient } from '../reportportal/rp-client.js';
import { summarizeRun } from '../reportportal/run-summary.js';

type App = Awaited<ReturnType<typeof testApp>>;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');

describe.each(DATABASES)('ReportPortal items and logs on %s', (kind) => {
  let t: App;
  let rp: ReturnType<typeof rpClient>;
  let blobs: string;
  beforeEach(async () => {
    blobs = mkdtempSync(join(tmpdir(), 'rp-blobs-'));
    t = await testApp(kind, { attachmentsDir: blobs, attachmentLimitBytes: 1024 });
    rp = rpClient(t);
  });
  afterEach(() => t.close());

  const summary = async (launch: string) => summarizeRun(async (p) => (await t.get(p)).json(), (await rp.send('GET', `/launch/uuid/${launch}`)).json().id);
  const details = async (launch: string, name: string) => {
    const runId = (await rp.send('GET', `/launch/uuid/${launch}`)).json().id;
    const c = (await t.get(`/api/v3/test_runs/${runId}/test_case_results?size=100`)).json().content.find((x: { name: string }) => x.name === name);
    return { ...c, ...(await t.get(`/api/v3/test_runs/${runId}/test_case_results/${c.id}/details`)).json() };
  };

  it('nests suites as one path, cases under them, hasStats=false items as steps; a finish without status comes from the children', async () => {
    const launch = await rp.launch();
    const cart = await rp.item(launch, null, { name: 'Cart', type: 'SUITE' });
    const coupons = await rp.item(launch, cart, { name: 'Coupons', type: 'TEST' });
    const test = await rp.item(launch, coupons, { name: 'applies a coupon', codeRef: 'cart/coupons/applies' });
    const group = await rp.item(launch, test, { name: 'open checkout', hasStats: false });
    const inner = await rp.item(launch, group, { name: 'pay', hasStats: false });
    await rp.finish(inner, launch, { status: 'failed' });
    await rp.finish(group, launch); // no status: from its child step
    await rp.finish(test, launch); // no status: from its steps
    await rp.finish(coupons, launch);
    await rp.finish(cart, launch);
    await rp.finishLaunch(launch);
    const s = await summary(launch);
    expect(s.suites).toEqual({ 'Cart › Coupons': ['applies a coupon'] });
    expect(s.cases['Cart › Coupons › applies a coupon']).toMatchObject({ result: 'FAILURE', steps: ['open checkout › pay: FAILURE', 'open checkout: FAILURE'], properties: { codeRef: 'cart/coupons/applies' } });
    expect(s).toMatchObject({ result: 'FAILURE', counts: { total: 1, failed: 1 } });
  });

  it('numbers steps depth first, siblings by start time, whatever order they arrive in', async () => {
    const launch = await rp.launch();
    const test = await rp.item(launch, null, { name: 'steps out of order' });
    const step = (name: string, parent: string, startTime: number) => rp.item(launch, parent, { name, hasStats: false, startTime });
    const after = await step('After Hooks', test, NOW + 30);
    const group = await step('fill the cart', test, NOW + 10);
    await step('add a pear', group, NOW + 12);
    await step('Before Hooks', test, NOW);
    await step('add an apple', group, NOW + 11);
    await rp.finish(after, launch, { status: 'passed' });
    const runId = (await rp.send('GET', `/launch/uuid/${launch}`)).json().id;
    const c = (await t.get(`/api/v3/test_runs/${runId}/test_case_results`)).json().content[0];
    const listed = (await t.get(`/api/v3/test_runs/${runId}/test_case_results/${c.id}/step_results/`)).json().content;
    expect(listed.map((s: { action: string; depth: number }) => `${'  '.repeat(s.depth)}${s.action}`)).toEqual(['Before Hooks', 'fill the cart', '  add an apple', '  add a pear', 'After Hooks']);
  });

  it('turns a case that gains a stat-bearing child into a suite, and a suite that gains a nested step or finishes with a status into a case', async () => {
    const launch = await rp.launch();
    const outer = await rp.item(launch, null, { name: 'Outer', type: 'STEP' });
    const innerTest = await rp.item(launch, outer, { name: 'inner test', type: 'STEP' });
    await rp.finish(innerTest, launch, { status: 'passed' });
    await rp.finish(outer, launch);
    const scenario = await rp.item(launch, null, { name: 'Scenario as suite', type: 'SUITE' });
    const given = await rp.item(launch, scenario, { name: 'Given a cart', hasStats: false });
    await rp.finish(given, launch, { status: 'passed' });
    await rp.finish(scenario, launch, { status: 'passed' });
    const lone = await rp.item(launch, null, { name: 'Lone TEST', type: 'TEST' });
    await rp.finish(lone, launch, { status: 'failed' });
    const empty = await rp.item(launch, null, { name: 'Empty suite', type: 'SUITE' });
    await rp.finish(empty, launch); // no status, no children: nothing to count
    await rp.finishLaunch(launch);
    const s = await summary(launch);
    expect(s.suites).toEqual({ Outer: ['inner test'], '(root)': ['Lone TEST', 'Scenario as suite'] });
    expect(s.cases['(root) › Scenario as suite']).toMatchObject({ result: 'SUCCESS', steps: ['Given a cart: SUCCESS'] });
    expect(s.counts).toMatchObject({ total: 3, passed: 2, failed: 1 });
  });

  it("leaves setup and teardown items out of the counts, as ReportPortal does, unless they sit inside a test", async () => {
    const launch = await rp.launch();
    const cls = await rp.item(launch, null, { name: 'CartTest', type: 'SUITE' });
    const setUp = await rp.item(launch, cls, { name: 'setUp', type: 'BEFORE_METHOD' });
    await rp.log(launch, setUp, 'info', 'a setup log');
    await rp.finish(setUp, launch, { status: 'passed' });
    const test = await rp.item(launch, cls, { name: 'adds', type: 'STEP' });
    const inner = await rp.item(launch, test, { name: 'fixture', type: 'BEFORE_TEST' });
    await rp.finish(inner, launch, { status: 'passed' });
    await rp.finish(test, launch, { status: 'passed' });
    await rp.finish(cls, launch);
    await rp.finishLaunch(launch);
    const s = await summary(launch);
    expect(s.suites).toEqual({ CartTest: ['adds'] });
    expect(s.cases['CartTest › adds']).toMatchObject({ result: 'SUCCESS', steps: ['fixture: SUCCESS'] });
  });

  it('makes retries attempts of one case: steps of the last attempt, flaky when a failed attempt came first', async () => {
    const launch = await rp.launch();
    const suite = await rp.item(launch, null, { name: 'Cart', type: 'SUITE' });
    const first = await rp.item(launch, suite, { name: 'flaky', codeRef: 'cart/flaky', retry: false });
    const step1 = await rp.item(launch, first, { name: 'expect', hasStats: false });
    await rp.finish(step1, launch, { status: 'failed' });
    await rp.log(launch, first, 'error', 'Error: boom\n    at f (a.js:1:1)');
    await rp.finish(first, launch, { status: 'failed' });
    const second = await rp.item(launch, suite, { name: 'flaky', codeRef: 'cart/flaky', retry: true, retry_of: first });
    const step2 = await rp.item(launch, second, { name: 'expect', hasStats: false });
    await rp.finish(step2, launch, { status: 'passed' });
    await rp.finish(second, launch, { status: 'passed' });
    const third = await rp.item(launch, suite, { name: 'always', codeRef: 'cart/always' });
    await rp.finish(third, launch, { status: 'failed' });
    const again = await rp.item(launch, suite, { name: 'always', codeRef: 'cart/always', retry: true }); // found by codeRef
    await rp.finish(again, launch, { status: 'failed' });
    await rp.finishLaunch(launch);
    const s = await summary(launch);
    expect(s.cases['Cart › flaky']).toMatchObject({ result: 'SUCCESS', flaky: true, attempts: ['FAILURE'], steps: ['expect: SUCCESS'], message: null });
    expect(s.cases['Cart › always']).toMatchObject({ result: 'FAILURE', flaky: false, attempts: ['FAILURE'] });
    expect(s.counts).toMatchObject({ total: 2, passed: 1, failed: 1 });
    const flaky = await details(launch, 'flaky');
    expect(flaky.attempts).toEqual([{ result: 'FAILURE', message: 'Error: boom', duration: expect.any(Number), stackTrace: 'Error: boom\n    at f (a.js:1:1)' }]);
    expect(flaky.systemOut).toMatch(/ERROR Error: boom[\s\S]*── attempt 2 ──/);
  });

  it('recognises a start and a finish sent again: by UUID, or without one by the same body while the item is open', async () => {
    const launch = await rp.launch();
    const body = { name: 'sent twice', type: 'STEP', launchUuid: launch, startTime: NOW, codeRef: 'twice' };
    const a = (await rp.send('POST', '/item/', body)).json().id;
    expect((await rp.send('POST', '/item', body)).json().id).toBe(a);
    expect((await rp.send('PUT', `/item/${a}`, { endTime: NOW + 5, status: 'passed', launchUuid: launch })).statusCode).toBe(200);
    expect((await rp.send('PUT', `/item/${a}`, { endTime: NOW + 9, status: 'failed', launchUuid: launch })).statusCode).toBe(200);
    const uuid = '0e128248-d533-4b7e-8c09-ce355aee18ac';
    for (let i = 0; i < 2; i++) expect((await rp.send('POST', '/item/', { ...body, name: 'by uuid', uuid, startTime: NOW + 1 })).json().id).toBe(uuid);
    await rp.finish(uuid, launch, { status: 'passed' });
    await rp.finishLaunch(launch);
    const s = await summary(launch);
    expect(Object.keys(s.cases)).toEqual(['(root) › sent twice', '(root) › by uuid']);
    expect(s.cases['(root) › sent twice']!.result).toBe('SUCCESS');
    expect((await rp.send('PUT', '/item/nope', { endTime: NOW })).json()).toMatchObject({ errorCode: 4043 });
    expect((await rp.send('POST', '/item/nope', { name: 'x', launchUuid: launch, startTime: NOW })).json()).toMatchObject({ errorCode: 4043 });
  });

  it("applies one launch's concurrent requests one at a time: one run, one suite, every case once", async () => {
    const launch = 'c2000000-0000-4000-8000-000000000002'; // not started: the first request makes it
    const suites = await Promise.all(Array.from({ length: 4 }, (_, i) => rp.send('POST', '/item/', { name: 'Cart', type: 'SUITE', launchUuid: launch, startTime: NOW, codeRef: `shard ${i}` })));
    const parents = suites.map((r) => r.json().id as string);
    const tests = await Promise.all(Array.from({ length: 40 }, (_, i) => rp.send('POST', `/item/${parents[i % 4]}`, { name: `test ${i}`, type: 'STEP', launchUuid: launch, startTime: NOW + i })));
    await Promise.all(tests.map((r, i) => rp.send('PUT', `/item/${r.json().id}`, { launchUuid: launch, endTime: NOW + 100, status: i % 5 ? 'passed' : 'failed' })));
    await rp.finishLaunch(launch);
    const s = await summary(launch);
    expect(Object.keys(s.suites)).toEqual(['Cart']);
    expect(s.suites.Cart).toHaveLength(40);
    expect(s.counts).toMatchObject({ total: 40, passed: 32, failed: 8 });
    expect((await t.get('/api/v3/test_runs')).json().totalElements).toBe(1);
  });

  it('counts items that arrive after the launch finished', async () => {
    const launch = await rp.launch();
    await rp.finishLaunch(launch);
    const late = await rp.item(launch, null, { name: 'Late', type: 'SUITE' });
    const test = await rp.item(launch, late, { name: 'arrives late' });
    await rp.finish(test, launch, { status: 'passed' });
    await rp.finish(late, launch);
    const s = await summary(launch);
    expect(s).toMatchObject({ status: 'STATUS_COMPLETED', result: 'SUCCESS', counts: { total: 1, passed: 1 }, suites: { Late: ['arrives late'] } });
  });

  it("writes logs to the case's output with levels (a step's with its path); the first error is a failure's message", async () => {
    const launch = await rp.launch();
    const test = await rp.item(launch, null, { name: 'declines', startTime: '2026-11-20T10:00:00.523456+0000' });
    const step = await rp.item(launch, test, { name: 'pay', hasStats: false });
    await rp.log(launch, test, 'info', 'paying');
    await rp.log(launch, step, 'error', 'AssertionError: expected 200, got 402');
    expect((await rpClient(t, { version: 'v2' }).send('POST', '/log/entry', { launchUuid: launch, itemUuid: test, time: '2026-11-20T10:00:01.524456Z', level: 'WARN', message: 'via log/entry' })).statusCode).toBe(201);
    await rp.finish(step, launch, { status: 'failed' });
    await rp.finish(test, launch, { status: 'failed', endTime: '2026-11-20T10:00:02.000000Z' });
    const passing = await rp.item(launch, null, { name: 'passes' });
    await rp.log(launch, passing, 'error', 'an error line of a test that passed');
    await rp.finish(passing, launch, { status: 'passed' });
    await rp.log(launch, null, 'info', 'a launch log');
    const c = await details(launch, 'declines');
    expect(c.systemOut.split('\n').filter(Boolean).map((l: string) => l.replace(/^\S+ /, ''))).toEqual(['INFO  paying', 'ERROR [pay] AssertionError: expected 200, got 402', 'WARN  via log/entry']);
    expect(c).toMatchObject({ startTime: '2026-11-20T10:00:00Z', duration: 1477, message: 'AssertionError: expected 200, got 402' });
    expect((await summary(launch)).cases['(root) › declines']!.steps).toEqual(['pay: FAILURE']);
    expect((await details(launch, 'passes')).message).toBeNull();
    expect((await rp.send('POST', '/log', { launchUuid: launch, itemUuid: 'nope', time: NOW, message: 'x' })).json()).toMatchObject({ errorCode: 4043 });
  });

  it('stores files sent with logs as attachments, matched by name; a batch or a log sent again is stored once', async () => {
    const launch = await rp.launch();
    const test = await rp.item(launch, null, { name: 'batched logs' });
    const entries = [
      { launchUuid: launch, itemUuid: test, time: NOW, level: 'ERROR', message: 'screenshot at failure', file: { name: 'shot.png' } },
      { launchUuid: launch, itemUuid: test, time: NOW + 1, level: 'WARN', message: 'no file' },
      { launchUuid: launch, itemUuid: test, time: NOW + 2, level: 'INFO', message: 'server log', file: { name: 'server.txt' } },
      { launchUuid: launch, time: NOW + 3, level: 'INFO', message: 'a launch log with a file', file: { name: 'launch.txt' } },
    ];
    const files = [{ name: 'server.txt', type: 'text/plain', body: 'GET /cart 200\n' }, { name: 'shot.png', type: 'image/png', body: PNG }, { name: 'launch.txt', type: 'text/plain', body: 'launch' }];
    const batch = logBatch(entries, files);
    const send = () => t.app.inject({ method: 'POST', url: '/api/v2/acme/log', headers: { ...t.auth, ...batch.headers }, payload: batch.payload });
    const first = await send();
    expect(first.statusCode).toBe(201);
    expect(first.json().responses).toHaveLength(4);
    expect((await send()).json()).toEqual(first.json());
    await rp.finish(test, launch, { status: 'failed' });
    const c = await details(launch, 'batched logs');
    expect(c.message).toBe('screenshot at failure');
    const runId = (await rp.send('GET', `/launch/uuid/${launch}`)).json().id;
    const listed = (await t.get(`/api/v3/test_runs/${runId}/test_case_results/${c.id}/attachments`)).json().content;
    expect(listed.map((a: { name: string; contentType: string; size: number }) => [a.name, a.contentType, a.size])).toEqual([['server.txt', 'text/plain', 14], ['shot.png', 'image/png', PNG.length]]);
    const bytes = await t.app.inject({ url: listed[0].url, headers: t.auth });
    expect(bytes.body).toBe('GET /cart 200\n');
    // Three blobs: two of the case, one of the launch (the run's); the resent batch left none behind.
    expect(readdirSync(blobs).flatMap((d) => readdirSync(join(blobs, d)))).toHaveLength(3);
    const rows = await t.store.db.selectFrom('attachments').select(['case_result_id', 'name']).execute();
    expect(rows.find((r) => r.name === 'launch.txt')).toEqual({ case_result_id: null, name: 'launch.txt' });
  });

  it('refuses a file over the attachment limit with 413, and stores nothing of its batch', async () => {
    const launch = await rp.launch();
    const test = await rp.item(launch, null, { name: 'big' });
    const batch = logBatch([{ launchUuid: launch, itemUuid: test, time: NOW, level: 'INFO', message: 'small', file: { name: 'small.txt' } }, { launchUuid: launch, itemUuid: test, time: NOW, level: 'INFO', message: 'big', file: { name: 'big.bin' } }], [{ name: 'small.txt', type: 'text/plain', body: 'ok' }, { name: 'big.bin', type: 'application/octet-stream', body: Buffer.alloc(4096) }]);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/acme/log', headers: { ...t.auth, ...batch.headers }, payload: batch.payload });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ errorCode: 4002 });
    expect(await t.store.db.selectFrom('attachments').selectAll().execute()).toEqual([]);
    expect(readdirSync(blobs).flatMap((d) => readdirSync(join(blobs, d)))).toEqual([]);
    expect((await details(launch, 'big')).systemOut).toBeNull();
  });
});
