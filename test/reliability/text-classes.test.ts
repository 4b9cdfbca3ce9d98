/**
 * Text and numbers that once broke storage, handled the same on both databases: NUL and lone surrogates
 * become U+FFFD; names of a megabyte are stored (their identity keys bounded); a host name longer than its
 * column is cut to fit; absurd durations are refused with a 400 naming the field, or read as unknown in a
 * report; a CTRF time no Date can hold is unknown, not a crash.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/databases.js';
import { testApp } from '../helpers/app.js';

type App = Awaited<ReturnType<typeof testApp>>;

async function importBody(t: App, query: string, body: string, contentType: string) {
  return t.app.inject({ method: 'POST', url: `/api/v3/imports?${query}`, headers: { ...t.auth, 'content-type': contentType }, payload: body });
}

describe.each(DATABASES)('text and numbers on %s', (kind) => {
  let t: App;
  beforeEach(async () => {
    t = await testApp(kind);
  });
  afterEach(() => t.close());

  it('NUL and lone surrogates in a JSON body are stored as U+FFFD', async () => {
    // Written as JSON escapes, exactly as a client's serializer sends them.
    const body = '{"testPlan":"P\\u0000lan","machines":[{"suites":[{"name":"S\\ud800","cases":[{"name":"a\\u0000b\\udfff","result":"FAILED","message":"x\\ud83d"}]}]}]}';
    const res = await t.app.inject({ method: 'POST', url: '/api/v3/test_runs', headers: { ...t.auth, 'content-type': 'application/json' }, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    const run = res.json();
    expect(run.testPlanName).toBe('P\uFFFDlan');
    const c = (await t.get(`/api/v3/test_runs/${run.id}/test_case_results`)).json().content[0];
    expect([c.name, c.message]).toEqual(['a\uFFFDb\uFFFD', 'x\uFFFD']);
    const s = (await t.get(`/api/v3/test_runs/${run.id}/test_suite_results`)).json().content[0];
    expect(s.name).toBe('S\uFFFD');
  });

  it('a valid surrogate pair (an emoji) is kept as it is', async () => {
    const res = await t.post('/api/v3/test_runs', { testPlan: 'P', machines: [{ suites: [{ name: 'S', cases: [{ name: 'smile 😀', result: 'PASSED' }] }] }] });
    expect((await t.get(`/api/v3/test_runs/${res.json().id}/test_case_results`)).json().content[0].name).toBe('smile 😀');
  });

  it('a JUnit test and suite named with a megabyte are stored, found again by the next run, and read back whole', async () => {
    const long = 'n'.repeat(1024 * 1024);
    const xml = `<testsuite name="${long}-suite" hostname="${'h'.repeat(5000)}"><testcase classname="${long}" name="${long}"/></testsuite>`;
    const first = await importBody(t, 'plan=long', xml, 'application/xml');
    expect(first.statusCode, first.body.slice(0, 300)).toBe(201);
    const second = await importBody(t, 'plan=long&build=2', xml, 'application/xml');
    expect(second.statusCode).toBe(201);
    const cases = await Promise.all([first, second].map(async (r) => (await t.get(`/api/v3/test_runs/${r.json().id}/test_case_results`)).json().content[0]));
    expect(cases[0].name).toHaveLength(long.length);
    expect(cases[1].testCaseId).toBe(cases[0].testCaseId); // the same test, by its bounded identity
    const machine = (await t.get(`/api/v3/test_runs/${first.json().id}/test_machine_results`)).json().content[0];
    expect(machine.deviceConfiguration.title).toHaveLength(500);
    expect(machine.deviceConfiguration.title.endsWith('…')).toBe(true);
  });

  it('a duration of 1e300 ms is a 400 naming the field, in a document and in a live batch', async () => {
    const doc = await t.post('/api/v3/test_runs', { testPlan: 'P', machines: [{ suites: [{ name: 'S', cases: [{ name: 'c', result: 'PASSED', duration: 1e300 }] }] }] });
    expect(doc.statusCode).toBe(400);
    expect(doc.json().fieldErrors[0].field).toBe('machines[0].suites[0].cases[0].duration');
    const runId = (await t.post('/api/v3/live/test_runs', { testPlan: 'P' })).json().id;
    const live = await t.post(`/api/v3/live/test_runs/${runId}/results`, { machines: [{ key: 'm', duration: 1e300 }] });
    expect(live.statusCode).toBe(400);
    expect(live.json().fieldErrors[0].field).toBe('machines[0].duration');
  });

  it('a CTRF report with a start of 1e300 and a duration of 1e300 is read, those values unknown', async () => {
    const ctrf = JSON.stringify({
      reportFormat: 'CTRF',
      specVersion: '0.0.0',
      results: {
        tool: { name: 't' },
        summary: { tests: 1, passed: 1, failed: 0, skipped: 0, pending: 0, other: 0, start: 1e300, stop: 1e300 },
        tests: [{ name: 'x', status: 'passed', duration: 1e300, start: 1e300, stop: 1e300 }],
      },
    });
    const res = await importBody(t, 'plan=ctrf', ctrf, 'application/json');
    expect(res.statusCode, res.body).toBe(201);
    const c = (await t.get(`/api/v3/test_runs/${res.json().id}/test_case_results`)).json().content[0];
    expect(c).toMatchObject({ result: 'SUCCESS', duration: null, startTime: null });
    const junit = await t.get(`/api/v1/reports/junit/${res.json().id}`);
    expect(junit.body).not.toMatch(/e\+/);
  });
});
