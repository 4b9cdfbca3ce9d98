/**
 * Triage: failures grouped by cause, runs compared test by test, quarantined tests counted apart (and the
 * quarantine ending by itself), on both databases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import type { CaseDocument } from '../../src/core/document.js';
import { uploadCommand } from '../../src/cli/commands/upload.js';
import { buildApp } from '../../src/http/app.js';
import { DATABASES, freshStore } from '../helpers/databases.js';
import { NOW } from '../helpers/app.js';

const timeout = (i: number): CaseDocument => ({
  name: `checkout ${i}`,
  result: 'FAILED',
  errorType: 'TimeoutError',
  message: `waiting for order ${crypto.randomUUID()} failed after ${3000 + i} ms at 2026-11-2${i % 9}T10:0${i % 9}:00Z`,
  stackTrace: `TimeoutError: waiting failed\n    at waitFor (node_modules/playwright/lib/wait.js:${i}:3)\n    at placeOrder (tests/checkout.spec.ts:${40 + i}:11)\n    at run (node_modules/vitest/dist/runner.js:1:1)`,
});
const typeError = (i: number): CaseDocument => ({
  name: `cart ${i}`,
  result: 'FAILED',
  errorType: 'TypeError',
  message: `Cannot read properties of undefined (reading 'price') at item ${i}`,
  stackTrace: `TypeError: Cannot read properties of undefined\n    at total (src/cart.ts:${12 + (i % 3)}:7)\n    at Object.<anonymous> (tests/cart.test.ts:5:1)`,
});

describe.each(DATABASES)('triage on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let now: number;
  let key: string;
  const headers = () => ({ authorization: `Bearer ${key}` });
  const post = async (url: string, payload: unknown) => (await app.inject({ method: 'POST', url, headers: headers(), payload: payload as object })).json();
  const get = async (url: string) => (await app.inject({ method: 'GET', url, headers: headers() })).json();
  const run = (plan: string, suites: { name: string; cases: CaseDocument[] }[], environment?: Record<string, string>) => post('/api/v3/test_runs', { testPlan: plan, ...(environment ? { environment } : {}), machines: [{ deviceConfiguration: { title: 'Linux' }, suites }] });

  beforeEach(async () => {
    now = NOW;
    store = await freshStore(kind);
    app = await buildApp({ store, config: { bodyLimitBytes: 10 << 20, publicUrl: 'http://t', logLevel: 'silent' }, clock: () => now, logger: false });
    key = (await createApiKey(store, 'acme', 'ci', NOW)).key;
  });
  afterEach(async () => {
    await app.close();
    await store.drop();
  });

  it('40 failures from 2 causes are 2 groups: messages differing only in ids and numbers together, another exception apart', async () => {
    const first = await run('Shop', [{ name: 'Checkout', cases: Array.from({ length: 25 }, (_, i) => timeout(i)) }, { name: 'Cart', cases: [...Array.from({ length: 15 }, (_, i) => typeError(i)), { name: 'passes', result: 'PASSED' }] }]);
    const groups = await get(`/api/v3/test_runs/${first.id}/failure_groups`);
    expect(groups.failedCount).toBe(40);
    expect(groups.content.map((g: { errorType: string; count: number; new: boolean }) => [g.errorType, g.count, g.new])).toEqual([
      ['TimeoutError', 25, true],
      ['TypeError', 15, true],
    ]);
    expect(groups.content[0]).toMatchObject({ topFrame: 'checkout.spec.ts:placeOrder', normalizedMessage: 'waiting for order <uuid> failed after <n> ms at <time>', firstSeenRunId: first.id });
    expect(groups.content[1].topFrame).toBe('cart.ts:total');

    // The same message from another exception is another cause; a known cause in a later run is not new.
    const second = await run('Shop', [{ name: 'Checkout', cases: [timeout(99), { ...timeout(98), errorType: 'Error' }] }]);
    const later = await get(`/api/v3/test_runs/${second.id}/failure_groups`);
    // Groups of one size list the new cause first.
    expect(later.content.map((g: { errorType: string; new: boolean; firstSeenRunId: number }) => [g.errorType, g.new, g.firstSeenRunId])).toEqual([
      ['Error', true, second.id],
      ['TimeoutError', false, first.id],
    ]);
  });

  it('compare lists exactly the new, fixed, still-failing, added, removed and much slower tests; the default base is the previous run on the same branch', async () => {
    const c = (name: string, result: string, duration = 100): CaseDocument => ({ name, result: result as CaseDocument['result'], duration });
    const base = await run('Compare', [{ name: 'S', cases: [c('a', 'PASSED'), c('b', 'FAILED'), c('c', 'FAILED'), c('d', 'PASSED'), c('e', 'PASSED', 1000)] }], { branch: 'main' });
    await run('Compare', [{ name: 'S', cases: [c('a', 'FAILED')] }], { branch: 'feature' }); // another branch: not the default base
    const current = await run('Compare', [{ name: 'S', cases: [c('a', 'FAILED'), c('b', 'PASSED'), c('c', 'FAILED'), c('e', 'PASSED', 5000), c('f', 'PASSED')] }], { branch: 'main' });
    const body = await get(`/api/v3/test_runs/${current.id}/compare`);
    const names = (list: { name: string }[]) => list.map((x) => x.name);
    expect(body.baseRunId).toBe(base.id);
    expect([names(body.newFailures), names(body.fixed), names(body.stillFailing), names(body.added), names(body.removed)]).toEqual([['a'], ['b'], ['c'], ['f'], ['d']]);
    expect(body.slower.map((s: { current: { name: string }; factor: number }) => [s.current.name, s.factor])).toEqual([['e', 5]]);
    expect((await get(`/api/v3/test_runs/${current.id}/compare?with=${current.id - 1}`)).baseRunId).toBe(current.id - 1);
    expect((await get(`/api/v3/test_runs/${base.id}/compare`)).baseRunId).toBeNull();
  });

  it("a quarantined test's failure does not fail --fail-on-failure, and does once the quarantine has expired", async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const server = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'verdict-quarantine-')), 'junit.xml');
    const report = (build: number) => writeFileSync(file, `<testsuite name="Pay" timestamp="2026-11-2${build}T10:00:00"><testcase classname="Pay" name="card"/><testcase classname="Pay" name="paypal"><failure message="sandbox down"/></testcase></testsuite>`);
    const upload = async (build: number) => {
      report(build);
      const out: string[] = [];
      const err: string[] = [];
      const code = await uploadCommand(['--server', server, '--key', key, '--plan', 'Pay', '--build', String(build), '--fail-on-failure', file], { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
      return { code, err: err.join('\n') };
    };
    expect((await upload(1)).code).toBe(1);

    const runs = await get('/api/v3/test_runs?sort=id,desc&size=1');
    const [paypal] = (await get(`/api/v3/test_runs/${runs.content[0].id}/test_case_results?query=${encodeURIComponent('result:FAILURE')}`)).content;
    const until = new Date(now + 3600_000).toISOString();
    const put = await app.inject({ method: 'PUT', url: `/api/v3/test_cases/${paypal.testCaseId}/quarantine`, headers: headers(), payload: { reason: 'PayPal sandbox is flaky (JIRA-42)', until } });
    expect(put.json()).toMatchObject({ testCaseId: paypal.testCaseId, name: 'paypal', active: true, until });
    expect((await get('/api/v3/quarantines')).content).toHaveLength(1);

    const quarantined = await upload(2);
    expect(quarantined.code).toBe(0);
    expect(quarantined.err).toMatch(/1 failure of quarantined tests, counted apart: the run passes without them/);
    expect(quarantined.err).toMatch(/0 new failures, 0 fixed, 1 still failing vs run \d+/);

    now += 2 * 3600_000; // the quarantine has ended by itself
    expect((await get('/api/v3/quarantines')).content).toHaveLength(0);
    expect((await get('/api/v3/quarantines?all=true')).content[0]).toMatchObject({ active: false });
    expect((await upload(3)).code).toBe(1);

    const released = await app.inject({ method: 'DELETE', url: `/api/v3/test_cases/${paypal.testCaseId}/quarantine`, headers: headers() });
    expect(released.statusCode).toBe(204);
    expect((await app.inject({ method: 'PUT', url: `/api/v3/test_cases/${paypal.testCaseId}/quarantine`, headers: headers(), payload: { reason: 'x', until: '2020-01-01T00:00:00Z' } })).json()).toMatchObject({ fieldErrors: [{ field: 'until' }] });
  });
});
