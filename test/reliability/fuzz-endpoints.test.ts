/**
 * Hostile input against every route: random and mutated JSON, XML and query strings, huge numbers, deep
 * nesting, invalid UTF-8. Whatever comes in, the answer is a JSON error or a success, never a 500, and
 * the server keeps answering.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRunDocument } from '../../src/demo/seed-run.js';
import { FILE_FORMATS } from '../../src/importers/index.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { deepDocument } from '../helpers/deep-documents.js';
import { NOW, testApp } from '../helpers/app.js';
import { DATABASES } from '../helpers/databases.js';
import { cleanText } from '../../src/core/text.js';
import { runWith } from '../helpers/documents.js';

const GET_ROUTES = [
  '/api/v3/test_runs/517',
  '/api/v2/test_runs',
  '/api/v3/test_runs/517/test_machine_results',
  '/api/v3/test_runs/517/test_machine_results/1434',
  '/api/v3/test_runs/517/test_suite_results',
  '/api/v3/test_runs/517/test_suite_results/1383',
  '/api/v3/test_runs/517/test_case_results',
  '/api/v3/test_runs/517/test_case_results/3857',
  '/api/v3/test_runs/517/test_case_results/3857/step_results',
  '/api/v1/execution_results/517',
  '/api/v1/execution_results/517/test_case_results',
  '/api/v1/test_case_results',
  '/api/v1/executions/420/test_plan_results',
  '/api/v1/reports/junit/517',
];
const POST_ROUTES = ['/api/v3/test_runs', '/api/v3/live/test_runs', '/api/v3/imports?plan=fuzz', '/api/v3/live/test_runs/517/results', '/api/v1/execution_results', '/api/v1/test_plan_results'];

const hostileValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('-1', '0', '1e309', '99999999999999999999', 'NaN', '%', '%zz', '%00', '..', '\u0000', "' OR 1=1 --", 'null', 'true', '[]', '{}', '🚨'.repeat(100), 'a'.repeat(10_000)),
  fc.integer().map(String),
  fc.double().map(String),
);

const queryString = fc.dictionary(fc.constantFrom('query', 'page', 'size', 'sort', 'sortBy', 'direction', 'executionResultId', 'plan', 'format', 'x'), hostileValue).map((d) =>
  Object.entries(d)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&'),
);

const deep = (depth: number): unknown => (depth === 0 ? { action: 'leaf', result: 'SUCCESS' } : { action: `group ${depth}`, steps: [deep(depth - 1)] });

function mutate(json: string, seed: number): string {
  const chars = [...json];
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) & 0x7fffffff);
  for (let i = 0; i < 1 + (next() % 4); i++) {
    const at = next() % Math.max(1, chars.length);
    const op = next() % 3;
    if (op === 0) chars.splice(at, 1);
    else if (op === 1) chars.splice(at, 0, String.fromCharCode(next() % 128));
    else chars[at] = '"{}[],:0-e9'[next() % 11]!;
  }
  return chars.join('');
}

describe('fuzzing every endpoint', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp('sqlite');
    await ingestDocument(t.store, t.workspaceId, seedRunDocument(), { now: NOW, trustFixedIds: true });
  });
  afterAll(() => t.close());

  const expectNo500 = (res: { statusCode: number; body: string }, what: string) => {
    expect(res.statusCode, `${what} -> ${res.body.slice(0, 300)}`).toBeLessThan(500);
    if (res.statusCode >= 400) expect(() => JSON.parse(res.body), what).not.toThrow();
  };

  it('GET routes with random query strings and path segments', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...GET_ROUTES), queryString, hostileValue, async (route, qs, segment) => {
        const res = await t.get(`${route}?${qs}`);
        expectNo500(res, `${route}?${qs}`);
        const swapped = route.replace(/\/\d+(?=\/|$)/, `/${encodeURIComponent(segment)}`);
        expectNo500(await t.get(swapped), swapped);
      }),
      { numRuns: 400 },
    );
  });

  it('POST routes with mutated, deep, huge and binary bodies', async () => {
    const valid = JSON.stringify(runWith([{ name: 'a', result: 'SUCCESS', steps: [{ action: 'x', result: 'SUCCESS' }] }]));
    const xml = '<?xml version="1.0"?><testsuites><testsuite name="s"><testcase name="a" time="1"/></testsuite></testsuites>';
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...POST_ROUTES), fc.integer({ min: 0, max: 1 << 30 }), fc.constantFrom('application/json', 'application/xml', 'text/plain', 'application/octet-stream'), async (route, seed, type) => {
        const bodies = [mutate(valid, seed), mutate(xml, seed), JSON.stringify({ testPlan: 'p', machines: [{ suites: [{ name: 's', cases: [{ name: 'c', result: 'SUCCESS', duration: 1e308 }] }] }] })];
        for (const payload of bodies) {
          const res = await t.app.inject({ method: 'POST', url: route, headers: { ...t.auth, 'content-type': type }, payload });
          expectNo500(res, `${route} ${type} ${payload.slice(0, 80)}`);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('deep nesting, invalid UTF-8 and huge numbers are 4xx', async () => {
    const cases: [string, string | Buffer][] = [
      ['deep JSON', JSON.stringify({ testPlan: 'p', machines: [{ suites: [{ name: 's', cases: [{ name: 'c', steps: [deep(40)] }] }] }] })],
      ['very deep JSON', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x74, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])],
      ['huge integer id', JSON.stringify({ ...JSON.parse(JSON.stringify(runWith([{ name: 'a', result: 'SUCCESS' }]))), reRunParentId: 1e300 })],
    ];
    for (const [what, payload] of cases) {
      for (const route of POST_ROUTES) {
        const res = await t.app.inject({ method: 'POST', url: route, headers: { ...t.auth, 'content-type': 'application/json' }, payload });
        expectNo500(res, `${what} on ${route}`);
      }
    }
    // And the server still answers normally.
    expect((await t.get('/api/v3/test_runs/517')).statusCode).toBe(200);
  });

  it('a report of any format nested 100,000 deep is a 400 naming file and line, and /healthz answers meanwhile', async () => {
    for (const format of FILE_FORMATS) {
      const payload = deepDocument(format, 100_000);
      const headers = { ...t.auth, 'content-type': format === 'ctrf' ? 'application/json' : 'application/xml', 'content-disposition': `attachment; filename="deep.${format}"` };
      const [res, health] = await Promise.all([t.app.inject({ method: 'POST', url: '/api/v3/imports?plan=deep', headers, payload }), t.app.inject({ url: '/healthz' })]);
      expect(health.statusCode, format).toBe(200);
      expect(res.statusCode, format).toBe(400);
      expect(res.json(), format).toMatchObject({ code: 'INVALID_REPORT', error: expect.stringMatching(new RegExp(`^deep\\.${format}:1:\\d+: .*nested more than 1000 levels deep`)) });
    }
  });

  it('fuzz: deep nesting in every XML format, at random depths, is a 201 or a 400, never a 500', async () => {
    // Each upload its own run: the same format and depth drawn twice would otherwise be a retried upload (200).
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('junit', 'nunit', 'trx', 'xunit'), fc.integer({ min: 1, max: 5000 }), async (format, depth) => {
        const res = await t.app.inject({ method: 'POST', url: `/api/v3/imports?plan=deep-fuzz&runKey=fuzz-${run++}&format=${format}`, headers: { ...t.auth, 'content-type': 'application/xml' }, payload: deepDocument(format, depth) });
        expectNo500(res, `${format} at depth ${depth}`);
        expect([201, 400], `${format} at depth ${depth}: ${res.body.slice(0, 200)}`).toContain(res.statusCode);
      }),
      { numRuns: 30 },
    );
  });
});

/** Text that once broke one database and not the other: NUL, lone surrogates, controls, overrides, very long. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e', '\u0007', 'a', '\u00e9', '😀', '\ud83d', '\u0301', '"', '<', '&'), minLength: 1, maxLength: 30 }),
  fc.constantFrom('x'.repeat(3000), `${'\u0000'.repeat(5)}name`, 'y'.repeat(10_000)),
).filter((text) => text.trim().length > 0);

describe.each(DATABASES)('text of every class, on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp(kind);
  });
  afterAll(() => t.close());

  it('is stored the same way through the document, the live API and a CTRF report, or refused with a 400; never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, hostileText, async (name, message) => {
        const doc = await t.post('/api/v3/test_runs', { testPlan: 'text', machines: [{ suites: [{ name: 'S', cases: [{ name, result: 'FAILED', message }] }] }] });
        const runId = (await t.post('/api/v3/live/test_runs', { testPlan: 'text' })).json().id;
        const live = await t.post(`/api/v3/live/test_runs/${runId}/results`, { machines: [{ key: 'm' }], suites: [{ key: 's', machineKey: 'm', name: 'S' }], cases: [{ key: 'c', suiteKey: 's', name, result: 'FAILED', message }] });
        const ctrf = JSON.stringify({ reportFormat: 'CTRF', specVersion: '0.0.0', results: { tool: { name: 't' }, summary: { tests: 1, passed: 0, failed: 1, skipped: 0, pending: 0, other: 0, start: 0, stop: 1 }, tests: [{ name, status: 'failed', duration: 1, message, suite: ['S'] }] } });
        const report = await t.app.inject({ method: 'POST', url: '/api/v3/imports?plan=text', headers: { ...t.auth, 'content-type': 'application/json' }, payload: ctrf });
        for (const [what, res, id] of [['document', doc, doc.json().id], ['live', live, runId], ['ctrf', report, report.json().id]] as const) {
          expect(res.statusCode, `${what}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
          if (res.statusCode >= 300) continue;
          const stored = (await t.get(`/api/v3/test_runs/${id}/test_case_results`)).json().content[0];
          expect([stored.name, stored.message], what).toEqual([cleanText(name).trim(), cleanText(message)]);
        }
      }),
      { numRuns: kind === 'postgres' ? 40 : 80 },
    );
  });
});
