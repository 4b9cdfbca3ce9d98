/**
 * The list routes R2, R4, R6, R8, R9/R10 on every database: the seed's filter examples, every level,
 * errors with positions, sorting in both syntaxes, size clamping, tenancy. Bad input is a 400, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { seedRunDocument } from '../../src/demo/seed-run.js';
import { ingestDocument } from '../../src/ingest/index.js';
import type { RunDocument } from '../../src/core/document.js';
import { NOW, testApp } from '../helpers/app.js';
import { DATABASES } from '../helpers/databases.js';

/** A passing run of the seed's plan (so `testPlanId:420,result:PASSED` finds something) with a data-driven case. */
function passingRun(buildNo: string, day: number): RunDocument {
  const at = (s: number) => new Date(Date.parse(`2024-06-0${day}T10:00:00Z`) + s * 1000).toISOString();
  return {
    testPlan: 'Simply Travel Web',
    buildNo,
    triggeredType: 'API',
    startTime: at(0),
    endTime: at(60),
    machines: [
      {
        deviceConfiguration: { title: 'Linux Chrome', browser: 'GoogleChrome' },
        suites: [
          {
            name: 'Login',
            cases: [
              { name: 'Login with email', result: 'SUCCESS', startTime: at(1), endTime: at(5) },
              {
                name: 'Login with coupons',
                isDataDriven: true,
                iterations: [
                  { name: 'SAVE10', result: 'SUCCESS', startTime: at(6), endTime: at(8) },
                  { name: 'FREESHIP', result: 'SUCCESS', startTime: at(9), endTime: at(12) },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

describe.each(DATABASES)('list routes on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let passed: number[];
  let otherAuth: Record<string, string>;

  beforeAll(async () => {
    t = await testApp(kind);
    await ingestDocument(t.store, t.workspaceId, seedRunDocument(), { now: NOW, trustFixedIds: true });
    passed = [];
    for (const [i, build] of ['v1.0-rc1', 'v1.0-rc2', 'v1.0'].entries()) passed.push(await ingestDocument(t.store, t.workspaceId, passingRun(build, i + 1), { now: NOW }));
    const other = await createApiKey(t.store, 'globex', 'ci', NOW);
    otherAuth = { authorization: `Bearer ${other.key}` };
    await ingestDocument(t.store, other.workspaceId, passingRun('theirs', 4), { now: NOW });
  });
  afterAll(() => t.close());

  const ids = (body: { content: { id: unknown }[] }) => body.content.map((c) => c.id);

  describe('seed examples', () => {
    for (const version of ['v2', 'v3']) {
      it(`GET /api/${version}/test_runs?query=testPlanId:420,result:PASSED`, async () => {
        const res = await t.get(`/api/${version}/test_runs?query=testPlanId:420,result:PASSED`);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(ids(body)).toEqual([...passed].reverse());
        expect(body.content.every((r: { result: string; testPlanId: number }) => r.result === 'SUCCESS' && r.testPlanId === 420)).toBe(true);
        expect(body).toMatchObject({ totalElements: 3, totalPages: 1, number: 0, size: 50, first: true, last: true, numberOfElements: 3, empty: false });
        expect(body.pagination).toEqual({ page: 0, pageSize: 50, isLast: true, totalElements: 3 });
      });
    }
    it('GET /api/v2/test_runs?query=result:PASSED', async () => {
      const body = (await t.get('/api/v2/test_runs?query=result:PASSED')).json();
      expect(ids(body)).toEqual([...passed].reverse());
    });
    it('GET /api/v2/test_runs (no query): every run of the workspace, newest first, the same objects as R1', async () => {
      const body = (await t.get('/api/v2/test_runs')).json();
      expect(ids(body)).toEqual([...passed].reverse().concat([517]));
      expect(body.sort).toEqual({ sorted: false, unsorted: true, empty: true });
      const one = (await t.get('/api/v3/test_runs/517')).json();
      expect(body.content[3]).toEqual(one);
    });
  });

  describe('every level', () => {
    it('R2 filters on buildNo patterns, triggeredType lists, dates and the plan name', async () => {
      const q = async (query: string) => ids((await t.get(`/api/v2/test_runs?query=${encodeURIComponent(query)}`)).json());
      expect(await q('buildNo:*rc*')).toEqual([passed[1], passed[0]]);
      expect(await q('buildNo:v1.0')).toEqual([passed[2]]);
      expect(await q('buildNo!null')).toEqual([...passed].reverse());
      expect(await q('buildNo:null')).toEqual([517]);
      expect(await q('triggeredType@API#SCHEDULED')).toEqual([...passed].reverse());
      expect(await q('startTime>2024-06-02')).toEqual([passed[2], passed[1]]);
      expect(await q('startTime:2024-05-29')).toEqual([517]);
      expect(await q('testPlanName:*travel*,failedCount>0')).toEqual([517]);
      expect(await q('totalCount:2')).toEqual([...passed].reverse());
    });

    it('R4 lists the machines of a run in execution order and filters on environmentName', async () => {
      const body = (await t.get('/api/v2/test_runs/517/test_machine_results')).json();
      expect(body.content.map((m: { deviceConfiguration: { title: string } }) => m.deviceConfiguration.title)).toEqual(['Windows Chrome', 'Windows Firefox']);
      expect(body.content[0]).toEqual((await t.get('/api/v3/test_runs/517/test_machine_results/1434')).json());
      const chrome = (await t.get('/api/v2/test_runs/517/test_machine_results?query=environmentName:*chrome*')).json();
      expect(ids(chrome)).toEqual([1434]);
      const byResult = (await t.get('/api/v2/test_runs/517/test_machine_results?query=result:FAILED,browser:MozillaFirefox')).json();
      expect(byResult.content).toHaveLength(1);
    });

    it('R6 lists the suites of a run and filters on suiteName and testMachineRunId', async () => {
      const body = (await t.get('/api/v2/test_runs/517/test_suite_results')).json();
      expect(body.content.map((s: { name: string }) => s.name)).toEqual(['Login', 'Flight search', 'Login', 'Flight search']);
      expect(body.content[0]).toEqual((await t.get('/api/v3/test_runs/517/test_suite_results/1383')).json());
      const login = (await t.get('/api/v2/test_runs/517/test_suite_results?query=suiteName:Login,testMachineRunId:1434')).json();
      expect(ids(login)).toEqual([1383]);
    });

    it('R8 lists the cases of a run, iteration rows included, filterable by derived names', async () => {
      const all = (await t.get(`/api/v2/test_runs/${passed[0]}/test_case_results`)).json();
      expect(all.content.map((c: { name: string; iteration: number | null }) => [c.name, c.iteration])).toEqual([
        ['Login with email', null],
        ['Login with coupons', null],
        ['Login with coupons', 1],
        ['Login with coupons', 2],
      ]);
      const parents = (await t.get(`/api/v2/test_runs/${passed[0]}/test_case_results?query=iteration:null`)).json();
      expect(parents.totalElements).toBe(2);
      const parentId = all.content[1].id;
      const its = (await t.get(`/api/v2/test_runs/${passed[0]}/test_case_results?query=parentId:${parentId}`)).json();
      expect(its.content.map((c: { dataSetName: string }) => c.dataSetName)).toEqual(['SAVE10', 'FREESHIP']);
      const seed = (await t.get('/api/v2/test_runs/517/test_case_results?query=result:FAILURE,testCaseName:*login*,suiteName:Login,environmentName:Windows%20Chrome')).json();
      expect(ids(seed)).toEqual([3857]);
      expect(seed.content[0]).toEqual((await t.get('/api/v3/test_runs/517/test_case_results/3857')).json());
      const dd = (await t.get(`/api/v2/test_runs/${passed[0]}/test_case_results?query=isDataDriven:true`)).json();
      expect(ids(dd)).toEqual([parentId]);
    });

    it('R9/R10 list the steps of a case with and without the slash, filtered and sorted', async () => {
      for (const version of ['v2', 'v3']) {
        for (const slash of ['', '/']) {
          const base = `/api/${version}/test_runs/517/test_case_results/3857/step_results${slash}`;
          const all = (await t.get(base)).json();
          expect(all.content.map((s: { stepId: number }) => s.stepId)).toEqual([2847, 2848, 2849, 2850, 2851, 2852]);
          expect(all.size).toBe(100);
          const failed = (await t.get(`${base}?query=result@FAILURE,priority@MAJOR%23MINOR`)).json();
          expect(failed.content.map((s: { stepId: number }) => s.stepId)).toEqual([2850]);
          const ne = (await t.get(`${base}?query=result:NOT_EXECUTED&sort=stepId,desc`)).json();
          expect(ne.content.map((s: { stepId: number }) => s.stepId)).toEqual([2852, 2851]);
          const err = (await t.get(`${base}?query=errorType:ASSERT_ERROR,errorCode:1000001`)).json();
          expect(err.totalElements).toBe(1);
        }
      }
    });
  });

  describe('paging and sorting', () => {
    it('sort=id,desc and sortBy=id&direction=DESC give the same order, and echo a sorted page', async () => {
      const a = (await t.get('/api/v2/test_runs/517/test_case_results?sort=id,desc')).json();
      const b = (await t.get('/api/v2/test_runs/517/test_case_results?sortBy=id&direction=DESC')).json();
      expect(ids(a)).toEqual(ids(b));
      const sorted = [...ids(a)].sort((x, y) => Number(y) - Number(x));
      expect(ids(a)).toEqual(sorted);
      expect(a.sort).toEqual({ sorted: true, unsorted: false, empty: false });
      const asc = (await t.get('/api/v2/test_runs?sort=id')).json();
      expect(ids(asc)).toEqual([517, ...passed]);
    });

    it('repeatable sort: result descending, then start time', async () => {
      const body = (await t.get('/api/v2/test_runs/517/test_case_results?sort=result,desc&sort=startTime')).json();
      const rows = body.content as { result: string; startTime: string }[];
      expect(rows.slice(0, 4).every((r) => r.result === 'SUCCESS')).toBe(true);
      expect(rows.slice(4).every((r) => r.result === 'FAILURE')).toBe(true);
      expect(rows.slice(0, 4).map((r) => r.startTime)).toEqual(rows.slice(0, 4).map((r) => r.startTime).sort());
    });

    it('pages agree with each other; size > 2000 clamps to 2000; bad page/size fall back', async () => {
      const p1 = (await t.get('/api/v2/test_runs/517/test_case_results?size=3&page=1')).json();
      expect(p1).toMatchObject({ number: 1, size: 3, totalElements: 8, totalPages: 3, first: false, last: false, numberOfElements: 3 });
      expect(p1.pageable).toMatchObject({ offset: 3, pageNumber: 1, pageSize: 3 });
      const p2 = (await t.get('/api/v2/test_runs/517/test_case_results?size=3&page=2')).json();
      expect(p2).toMatchObject({ last: true, numberOfElements: 2, pagination: { page: 2, pageSize: 3, isLast: true, totalElements: 8 } });
      const beyond = (await t.get('/api/v2/test_runs/517/test_case_results?size=3&page=99')).json();
      expect(beyond).toMatchObject({ empty: true, numberOfElements: 0, last: true, totalElements: 8 });
      const big = (await t.get('/api/v2/test_runs?size=5000')).json();
      expect(big.size).toBe(2000);
      expect(big.pagination.pageSize).toBe(2000);
      const bad = (await t.get('/api/v2/test_runs?size=abc&page=-4')).json();
      expect(bad).toMatchObject({ size: 50, number: 0 });
    });
  });

  describe('errors', () => {
    const cases: [string, string, number, string][] = [
      ['/api/v2/test_runs?query=testPlanId:1,buildNumber:7', 'UNKNOWN_FIELD', 13, 'buildNumber'],
      ['/api/v2/test_runs?query=result:PASS', 'INVALID_ENUM_VALUE', 7, 'PASS'],
      ['/api/v2/test_runs?query=result=PASSED', 'EXPECTED_OPERATOR', 6, ''],
      ['/api/v2/test_runs?query=result>FAILURE', 'OPERATOR_NOT_ALLOWED', 6, ''],
      ['/api/v2/test_runs?query=startTime>2024-02-30', 'INVALID_DATE', 10, ''],
      ['/api/v2/test_runs/517/test_case_results?query=isDataDriven:yes', 'INVALID_BOOLEAN', 13, ''],
      ['/api/v2/test_runs/517/test_machine_results?query=duration:abc', 'INVALID_NUMBER', 9, ''],
      ['/api/v2/test_runs/517/test_suite_results?query=result:A,', 'EMPTY_CLAUSE', 9, ''],
      ['/api/v2/test_runs/517/test_case_results/3857/step_results?query=testCaseName:x', 'UNKNOWN_FIELD', 0, 'testCaseName'],
      ['/api/v2/test_runs/517/test_case_results?query=buildNo~%2525rc%2525', 'UNKNOWN_FIELD', 0, 'buildNo'],
    ];
    for (const [url, reason, position, mention] of cases) {
      it(`${url} -> 400 ${reason} at ${position}`, async () => {
        const res = await t.get(url);
        expect(res.statusCode).toBe(400);
        const body = res.json();
        expect(body).toMatchObject({ code: 'INVALID_QUERY', reason, position, fieldErrors: null, objectErrors: null });
        expect(Object.keys(body)).toEqual(['timeStamp', 'error', 'code', 'fieldErrors', 'objectErrors', 'position', 'length', 'reason']);
        expect(body.error).toContain(mention);
      });
    }

    it('an unknown sort property or direction is a 400 INVALID_SORT', async () => {
      for (const url of ['/api/v2/test_runs?sort=name', '/api/v2/test_runs?sortBy=id&direction=UP', '/api/v2/test_runs/517/test_case_results?sort=message', '/api/v2/test_runs/517/test_case_results/3857/step_results?sortBy=nope']) {
        const res = await t.get(url);
        expect(res.statusCode, url).toBe(400);
        expect(res.json()).toMatchObject({ code: 'INVALID_SORT', objectErrors: null });
      }
    });

    it('no query, sort or page input makes a 500', async () => {
      const junk = ['%', '%zz', '\u0000', ',,,', 'a:b:c', 'result@', 'result;', 'id>1e400', 'startTime<99999999999999999999', "name:' OR 1=1 --", 'testCaseName~\\', 'x'.repeat(5000), 'result:null', '𝔘:1', 'id@1#2#null'];
      for (const q of junk) {
        for (const path of ['/api/v2/test_runs', '/api/v2/test_runs/517/test_case_results', '/api/v3/test_runs/517/test_case_results/3857/step_results/']) {
          const res = await t.get(`${path}?query=${encodeURIComponent(q)}&sort=${encodeURIComponent(q)}&page=${encodeURIComponent(q)}&size=${encodeURIComponent(q)}`);
          expect(res.statusCode, `${path} ${q}`).toBeLessThan(500);
        }
      }
    });

    it('huge pages, ids and numbers are answered, not failed', async () => {
      for (const url of [
        '/api/v2/test_runs?page=4503599627370495&size=2000',
        '/api/v2/test_runs/517/test_case_results?page=999999999999999999999',
        '/api/v2/test_runs/517/test_case_results?query=id>99999999999999999999',
        '/api/v2/test_runs/517/test_case_results?query=id:1.5',
        '/api/v2/test_runs?query=startTime>-99999999999999',
        '/api/v2/test_runs?query=duration:1e308',
        '/api/v2/test_runs/2147483648/test_case_results',
      ]) {
        const res = await t.get(url);
        expect(res.statusCode, url).toBeLessThan(500);
      }
      const empty = (await t.get('/api/v2/test_runs?page=4503599627370495&size=2000')).json();
      expect(empty).toMatchObject({ content: [], empty: true, totalElements: 4 });
    });

    it('a missing key is a 401 with the JSON body', async () => {
      const res = await t.app.inject({ url: '/api/v2/test_runs' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED', fieldErrors: null });
    });
  });

  describe('tenancy', () => {
    it("another workspace's run and case ids are a 404 on every list route", async () => {
      for (const version of ['v2', 'v3']) {
        for (const path of ['test_machine_results', 'test_suite_results', 'test_case_results', 'test_case_results/3857/step_results', 'test_case_results/3857/step_results/']) {
          const res = await t.app.inject({ url: `/api/${version}/test_runs/517/${path}`, headers: otherAuth });
          expect(res.statusCode, path).toBe(404);
          expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
        }
      }
      const mine = await t.get('/api/v2/test_runs/517/test_case_results/3857/step_results');
      expect(mine.statusCode).toBe(200);
      // A case of another run of the same workspace is a 404 too.
      expect((await t.get(`/api/v2/test_runs/${passed[0]}/test_case_results/3857/step_results`)).statusCode).toBe(404);
    });

    it('the run list shows only the workspace of the key', async () => {
      const theirs = (await t.app.inject({ url: '/api/v2/test_runs', headers: otherAuth })).json();
      expect(theirs.totalElements).toBe(1);
      expect(theirs.content[0].buildNo).toBe('theirs');
      const mine = (await t.get('/api/v2/test_runs?query=buildNo:theirs')).json();
      expect(mine.totalElements).toBe(0);
    });
  });
});
