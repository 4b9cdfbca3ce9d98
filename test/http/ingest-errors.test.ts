/** Bad input always gets a 4xx with the JSON error body naming the problem and where; nothing is stored. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/databases.js';
import { testApp } from '../helpers/app.js';
import { runWith } from '../helpers/documents.js';

describe.each(DATABASES)('POST /api/v3/test_runs errors on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp(kind);
  });
  afterAll(() => t.close());

  const runs = async () => Number((await t.store.db.selectFrom('test_runs').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  const bad: [string, unknown, string][] = [
    // (type coercion as Fastify does it is kept: a number where a string is expected is taken as its text)
    ['a field of the wrong type', { ...runWith([{ name: 'a', result: 'SUCCESS' }]), buildNo: { build: 42 } }, 'buildNo'],
    ['an unknown field', { ...runWith([{ name: 'a', result: 'SUCCESS', reslt: 'SUCCESS' } as never]) }, 'machines[0].suites[0].cases[0].reslt'],
    ['an unknown result', runWith([{ name: 'a', result: 'GREEN' as never }]), 'machines[0].suites[0].cases[0].result'],
    ['a missing plan', { machines: [] }, 'testPlan'],
    ['a case without result or steps', runWith([{ name: 'a' }]), 'machines[0].suites[0].cases[0].result'],
    ['a case that passed with a failed step', runWith([{ name: 'a', result: 'PASSED', steps: [{ action: 'x', result: 'FAILED' }] }]), 'machines[0].suites[0].cases[0].result'],
    ['an end before the start', runWith([{ name: 'a', result: 'SUCCESS', startTime: '2026-01-01T10:00:00Z', endTime: '2026-01-01T09:00:00Z' }]), 'machines[0].suites[0].cases[0].endTime'],
    ['a time that is not ISO-8601', runWith([{ name: 'a', result: 'SUCCESS', startTime: 'yesterday' }]), 'machines[0].suites[0].cases[0].startTime'],
    ['a negative duration', runWith([{ name: 'a', result: 'SUCCESS', duration: -5 }]), 'machines[0].suites[0].cases[0].duration'],
    ['a step after a failed MAJOR step that claims to have passed', runWith([{ name: 'a', steps: [{ action: 'x', result: 'FAILURE' }, { action: 'y', result: 'SUCCESS' }] }]), 'machines[0].suites[0].cases[0].steps[1].result'],
    ['an empty suite', runWith([]), 'machines[0].suites[0].cases'],
    ['iterations on a case marked not data-driven', runWith([{ name: 'a', isDataDriven: false, iterations: [{ name: 'x', result: 'SUCCESS' }] }]), 'machines[0].suites[0].cases[0].isDataDriven'],
    ['two machines with one title', { testPlan: 'p', machines: [{ deviceConfiguration: { title: 'A' }, suites: [{ name: 's', cases: [{ name: 'a', result: 'SUCCESS' }] }] }, { deviceConfiguration: { title: 'A' }, suites: [{ name: 's', cases: [{ name: 'a', result: 'SUCCESS' }] }] }] }, 'machines[1].deviceConfiguration.title'],
    ['a re-run of a run that does not exist', runWith([{ name: 'a', result: 'SUCCESS' }], { reRunParentId: 424242 }), 'reRunParentId'],
  ];

  it.each(bad.map(([why, body, field]) => [why, field, body] as const))('%s is a 400 naming %s, storing nothing', async (_why, field, body) => {
    const res = await t.post('/api/v3/test_runs', body);
    expect(res.statusCode, res.body).toBe(400);
    const json = res.json();
    expect(json).toMatchObject({ timeStamp: expect.any(String), error: expect.any(String), code: expect.stringMatching(/^INVALID_/), objectErrors: null });
    expect(json.fieldErrors.map((f: { field: string }) => f.field)).toContain(field);
    expect(await runs()).toBe(0);
  });

  it('a body that is not JSON is a 400 with the JSON error body', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v3/test_runs', headers: { ...t.auth, 'content-type': 'application/json' }, payload: '{"testPlan": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_REQUEST', error: expect.stringContaining('JSON') });
  });

  it('an id in the path that is not a number is a 400, not a 500', async () => {
    for (const url of ['/api/v3/test_runs/abc', '/api/v3/test_runs/1/test_case_results/1e99', '/api/v3/test_runs/99999999999999999999']) {
      const res = await t.get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().code).toBe('INVALID_REQUEST');
    }
  });

  it('a JSON null stays null (not "") in every optional field', async () => {
    const res = await t.post('/api/v3/test_runs', { ...runWith([{ name: 'n', result: 'SUCCESS', message: null, stackTrace: null }]), buildNo: null, executor: null });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ buildNo: null, executor: null });
    const row = await t.store.db.selectFrom('case_results').select(['message', 'stack_trace']).where('test_run_id', '=', res.json().id).executeTakeFirstOrThrow();
    expect(row).toEqual({ message: null, stack_trace: null });
  });

  it('a good document is a 201 with the run in its v3 shape, everything derived', async () => {
    const res = await t.post('/api/v3/test_runs', runWith([{ name: 'a', result: 'PASSED', duration: 1200 }, { name: 'b', result: 'SKIPPED' }]));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ testPlanName: 'Checkout', result: 'SUCCESS', triggeredType: 'API', duration: 600000, metrics: { totalCount: 2, passedCount: 1, notExecutedCount: 1, skippedCount: 1 } });
  });
});
