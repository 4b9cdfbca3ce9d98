/**
 * Paging through big lists with every filter and sort of docs/query-language.md: each matching row is
 * seen exactly once, the count is right, and (for non-text sort keys) the order is the requested one.
 * The expected rows come from applying the same filter in JS to every row of the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDocument, RunDocument, StepDocument } from '../../src/core/document.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { NOW, testApp } from '../helpers/app.js';
import { DATABASES } from '../helpers/databases.js';

const BASE = Date.parse('2024-06-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const SUITES = ['Login', 'Search', 'Checkout', 'Cart', 'Account'];
const WORDS = ['login with email', 'search flights', 'checkout as guest', 'Login page loads', 'cart total'];

/** 1,000 cases on two machines and five suites; every 50th is data-driven with two iterations; some have no times. */
function thousandCaseRun(): RunDocument {
  let i = 0;
  const machine = (title: string) => ({
    deviceConfiguration: { title },
    suites: SUITES.map((name) => ({
      name,
      cases: Array.from({ length: 100 }, (): CaseDocument => {
        const n = i++;
        const start = BASE + n * 1000;
        const result = n % 10 === 3 ? 'FAILURE' : n % 17 === 0 ? 'ABORTED' : n % 23 === 0 ? 'SKIPPED' : 'SUCCESS';
        const name = `${WORDS[n % 5]} ${n}`;
        if (n % 50 === 25) {
          return {
            name,
            isDataDriven: true,
            iterations: ['first', 'second'].map((set, k) => ({ name: set, result: k === 1 && n % 100 === 25 ? 'FAILURE' : 'SUCCESS', startTime: iso(start + k * 300), endTime: iso(start + k * 300 + 200) })),
          };
        }
        if (n % 97 === 0) return { name, result, duration: (n * 37) % 5000 };
        return { name, result, startTime: iso(start), endTime: iso(start + ((n * 37) % 5000)) };
      }),
    })),
  });
  return { testPlan: 'Big', buildNo: 'big-1', startTime: iso(BASE), machines: [machine('Linux Chrome'), machine('Windows Edge')] };
}

/** Forty small runs over six weeks, for the run-level examples. */
function smallRun(i: number): RunDocument {
  const start = BASE + i * 86_400_000;
  const builds = ['v1.0-rc1', 'v1.0-rc2', 'v1.0', 'v1.2.3', 'v1.9-rc12', null, 'V2-RC1', 'v1.2-beta'];
  return {
    testPlan: i % 3 === 0 ? 'Checkout' : 'Simply Travel Web',
    buildNo: builds[i % builds.length],
    triggeredType: (['MANUAL', 'SCHEDULED', 'API'] as const)[i % 3],
    startTime: iso(start),
    endTime: iso(start + 60_000),
    machines: [{ deviceConfiguration: { title: 'Linux Chrome' }, suites: [{ name: 'Smoke', cases: [{ name: 'opens', result: i % 4 === 1 ? 'FAILURE' : i % 9 === 2 ? 'ABORTED' : 'SUCCESS' }] }] }],
  };
}

function manySteps(): StepDocument[] {
  return Array.from({ length: 120 }, (_, k): StepDocument => ({
    action: `step ${k}`,
    priority: k % 3 === 0 ? 'MINOR' : 'MAJOR',
    result: k % 7 === 3 ? 'FAILURE' : 'SUCCESS',
    errorCode: k % 7 === 3 ? (k % 2 ? 1000001 : 1030100) : null,
    ignoreResult: true,
    startTime: iso(BASE + k * 1000),
    endTime: iso(BASE + k * 1000 + ((k * 13) % 900)),
  }));
}

type Item = Record<string, unknown> & { id: number | string };
type Key = (row: Item) => number | null;
const time = (field: string): Key => (row) => (row[field] === null ? null : Date.parse(row[field] as string));
const num = (field: string): Key => (row) => row[field] as number | null;
const id: Key = (row) => row.id as number;

/** Sorts as the API does: NULLs larger than any value, the id as last key in the last key's direction. */
function sortLike(rows: Item[], keys: [Key, 'asc' | 'desc'][]): Item[] {
  const last = keys[keys.length - 1]?.[1] ?? 'asc';
  const all = [...keys, [id, last] as [Key, 'asc' | 'desc']];
  return [...rows].sort((a, b) => {
    for (const [key, dir] of all) {
      const x = key(a);
      const y = key(b);
      if (x === y) continue;
      const c = x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
      return dir === 'asc' ? c : -c;
    }
    return 0;
  });
}

describe.each(DATABASES)('paging through big lists on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let runId: number;
  let all: Item[];
  const suiteName = new Map<number, string>();
  const machineTitle = new Map<number, string>();

  beforeAll(async () => {
    t = await testApp(kind);
    runId = await ingestDocument(t.store, t.workspaceId, thousandCaseRun(), { now: NOW });
    const res = await t.get(`/api/v2/test_runs/${runId}/test_case_results?size=2000`);
    all = res.json().content;
    for (const s of (await t.get(`/api/v2/test_runs/${runId}/test_suite_results`)).json().content) suiteName.set(s.id, s.name);
    for (const m of (await t.get(`/api/v2/test_runs/${runId}/test_machine_results`)).json().content) machineTitle.set(m.id, m.deviceConfiguration.title);
  }, 120_000);
  afterAll(() => t.close());

  /** Every page of `base` with `params`, `size` rows at a time. */
  async function pageThrough(base: string, params: string, size: number) {
    const seen: Item[] = [];
    let total = -1;
    for (let page = 0; page < 500; page++) {
      const res = await t.get(`${base}?${params}${params ? '&' : ''}size=${size}&page=${page}`);
      expect(res.statusCode, `${params} page ${page}: ${res.body.slice(0, 200)}`).toBe(200);
      const body = res.json();
      if (total === -1) total = body.totalElements;
      expect(body.totalElements).toBe(total);
      expect(body.number).toBe(page);
      seen.push(...body.content);
      if (body.last) {
        expect(body.totalPages).toBe(Math.ceil(total / size));
        break;
      }
      expect(body.numberOfElements).toBe(size);
    }
    return { seen, total };
  }

  function check(seen: Item[], total: number, expected: Item[], ordered: boolean, label: string) {
    const ids = seen.map((r) => r.id);
    expect(new Set(ids).size, `${label}: no row twice`).toBe(ids.length);
    expect(total, `${label}: totalElements`).toBe(expected.length);
    expect([...ids].sort(), `${label}: every matching row`).toEqual(expected.map((r) => r.id).sort());
    if (ordered) expect(ids, `${label}: order`).toEqual(expected.map((r) => r.id));
  }

  const lower = (row: Item) => String(row.name).toLowerCase();
  const CASE_FILTERS: [string, (row: Item) => boolean][] = [
    ['', () => true],
    ['result:FAILURE,testCaseName:*login*', (r) => r.result === 'FAILURE' && lower(r).includes('login')],
    ['testCaseName$LOGIN', (r) => lower(r).includes('login')],
    ['testCaseName:login*', (r) => lower(r).startsWith('login')],
    ['isDataDriven:true,result!SUCCESS', (r) => r.isDataDriven === true && r.result !== 'SUCCESS'],
    ['iteration:null', (r) => r.iteration === null],
    ['parentId!null', (r) => r.parentId !== null],
    ['result@FAILURE#ABORTED', (r) => r.result === 'FAILURE' || r.result === 'ABORTED'],
    ['result;SUCCESS#NOT_EXECUTED', (r) => r.result !== 'SUCCESS' && r.result !== 'NOT_EXECUTED'],
    ['suiteName:Login,environmentName:*chrome*', (r) => suiteName.get(r.testSuiteResultId as number) === 'Login' && machineTitle.get(r.testMachineResultId as number)!.toLowerCase().includes('chrome')],
    ['startTime>2024-06-01T10:05:00Z,startTime<2024-06-01T10:10:00Z', (r) => r.startTime !== null && Date.parse(r.startTime as string) > BASE + 300_000 && Date.parse(r.startTime as string) < BASE + 600_000],
    ['duration>2500', (r) => r.duration !== null && (r.duration as number) > 2500],
  ];
  const CASE_SORTS: [string, [Key, 'asc' | 'desc'][] | 'text'][] = [
    ['', [[time('startTime'), 'asc']]],
    ['sort=startTime,desc', [[time('startTime'), 'desc']]],
    ['sort=duration,desc&sort=startTime', [[num('duration'), 'desc'], [time('startTime'), 'asc']]],
    ['sortBy=id&direction=DESC', [[id, 'desc']]],
    ['sort=testCaseName', 'text'],
    ['sort=result,desc', 'text'],
  ];

  it('the run has 1,000 cases plus 40 iteration rows', () => {
    expect(all).toHaveLength(1040);
    expect(all.filter((r) => r.iteration === null)).toHaveLength(1000);
  });

  for (const [query, keep] of CASE_FILTERS) {
    it(`case results: query=${query || '(none)'} with every sort, 37 per page`, async () => {
      for (const [sortParams, keys] of CASE_SORTS) {
        const params = [query && `query=${encodeURIComponent(query)}`, sortParams].filter(Boolean).join('&');
        const { seen, total } = await pageThrough(`/api/v2/test_runs/${runId}/test_case_results`, params, 37);
        const matching = all.filter(keep);
        expect(matching.length, `${query} matches something`).toBeGreaterThan(0);
        const ordered = keys !== 'text';
        check(seen, total, ordered ? sortLike(matching, keys) : matching, ordered, `${query} ${sortParams}`);
      }
    });
  }

  it('step results: the examples of the docs, every sort, 7 per page', async () => {
    const doc: RunDocument = { testPlan: 'Steps', machines: [{ suites: [{ name: 'S', cases: [{ name: 'long case', steps: manySteps() }] }] }] };
    const stepsRun = await ingestDocument(t.store, t.workspaceId, doc, { now: NOW });
    const caseId = (await t.get(`/api/v2/test_runs/${stepsRun}/test_case_results`)).json().content[0].id;
    const base = `/api/v2/test_runs/${stepsRun}/test_case_results/${caseId}/step_results`;
    const steps: Item[] = (await t.get(`${base}?size=2000`)).json().content;
    expect(steps).toHaveLength(120);
    const filters: [string, (r: Item) => boolean][] = [
      ['', () => true],
      ['result@FAILURE,priority@MAJOR#MINOR', (r) => r.result === 'FAILURE'],
      ['errorType:ASSERT_ERROR', (r) => r.errorType === 'ASSERT_ERROR'],
      ['priority:MINOR,duration<400', (r) => r.priority === 'MINOR' && (r.duration as number) < 400],
    ];
    const sorts: [string, [Key, 'asc' | 'desc'][] | 'text'][] = [
      ['', [[num('position'), 'asc']]],
      ['sort=duration,desc', [[num('duration'), 'desc']]],
      ['sort=startTime', [[time('startTime'), 'asc']]],
    ];
    const position = new Map(steps.map((s, k) => [s.id, k]));
    for (const [query, keep] of filters) {
      for (const [sortParams, keys] of sorts) {
        const params = [query && `query=${encodeURIComponent(query)}`, sortParams].filter(Boolean).join('&');
        const { seen, total } = await pageThrough(base, params, 7);
        const withPosition = steps.filter(keep).map((s) => ({ ...s, position: position.get(s.id)! }));
        // Step ids are UUIDs: the tiebreaker is a text column, so only the key order is checked, not ties.
        const expected = sortLike(withPosition, keys as [Key, 'asc' | 'desc'][]);
        check(seen, total, expected, false, `${query} ${sortParams}`);
        const keyOf = (keys as [Key, 'asc' | 'desc'][])[0]!;
        const values = seen.map((s) => keyOf[0]({ ...s, position: position.get(s.id)! }));
        const want = expected.map((s) => keyOf[0](s));
        expect(values, `${query} ${sortParams}: key order`).toEqual(want);
      }
    }
  });

  it('test runs: the examples of the docs, every sort, 7 per page', async () => {
    const before = (await t.get('/api/v2/test_runs')).json().totalElements as number;
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push(await ingestDocument(t.store, t.workspaceId, smallRun(i), { now: NOW }));
    const runs: Item[] = (await t.get('/api/v2/test_runs?size=2000')).json().content;
    expect(runs).toHaveLength(before + 40);
    const plan = (runs.find((r) => r.testPlanName === 'Simply Travel Web') as Item).testPlanId;
    const build = (r: Item) => r.buildNo as string | null;
    const filters: [string, (r: Item) => boolean][] = [
      [`testPlanId:${plan},result:PASSED`, (r) => r.testPlanId === plan && r.result === 'SUCCESS'],
      ['result:PASSED', (r) => r.result === 'SUCCESS'],
      ['result@SUCCESS#FAILURE', (r) => r.result === 'SUCCESS' || r.result === 'FAILURE'],
      ['result;SUCCESS#QUEUED', (r) => r.result !== 'SUCCESS' && r.result !== 'QUEUED'],
      ['triggeredType@API#MANUAL', (r) => r.triggeredType === 'API' || r.triggeredType === 'MANUAL'],
      ['startTime>2024-06-10', (r) => Date.parse(r.startTime as string) >= Date.parse('2024-06-10')],
      ['startTime:2024-06-10', (r) => (r.startTime as string).startsWith('2024-06-10')],
      ['buildNo:*rc*', (r) => (build(r) ?? '').toLowerCase().includes('rc')],
      ['buildNo:v1.2*', (r) => (build(r) ?? '').toLowerCase().startsWith('v1.2')],
      ['buildNo!null', (r) => build(r) !== null],
      ['buildNo~v1._-rc%25', (r) => /^v1\..-rc/i.test(build(r) ?? '')],
    ];
    const sorts: [string, [Key, 'asc' | 'desc'][] | 'text'][] = [
      ['', [[id, 'desc']]],
      ['sort=startTime,desc', [[time('startTime'), 'desc']]],
      ['sortBy=id&direction=ASC', [[id, 'asc']]],
      ['sort=buildNo', 'text'],
    ];
    for (const [query, keep] of filters) {
      for (const [sortParams, keys] of sorts) {
        // The query is sent percent-encoded once, so `%25` in it arrives as `%25` for the query's own decoding.
        const params = [`query=${encodeURIComponent(query)}`, sortParams].filter(Boolean).join('&');
        const { seen, total } = await pageThrough('/api/v2/test_runs', params, 7);
        const matching = runs.filter(keep);
        expect(matching.length, `${query} matches something`).toBeGreaterThan(0);
        const ordered = keys !== 'text';
        check(seen, total, ordered ? sortLike(matching, keys) : matching, ordered, `${query} ${sortParams}`);
      }
    }
    expect(ids).toHaveLength(40);
  });
});
