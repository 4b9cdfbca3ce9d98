/**
 * The read-only v1 routes CI scripts call (reference.md §9–§11) on every database: flat run bodies whose
 * top-level status and result come before any nested object, the run's cases, a plan's runs, the JUnit
 * report, 404 for another workspace's ids, 409 for a report of a run still in progress.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { seedRunDocument } from '../../src/demo/seed-run.js';
import type { RunDocument } from '../../src/core/document.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { escapeAttribute, escapeText, formatJavaTimestamp, formatJunitTime, junitReport } from '../../src/http/junit-report.js';
import { NOW, testApp } from '../helpers/app.js';
import { DATABASES } from '../helpers/databases.js';

const SEED_JUNIT = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<testsuites>
    <testsuite name="Simply Travel Web || Windows Chrome" timestamp="2024-05-29 07:29:19.0" tests="4" failures="2" errors="2" time="141.000">
        <properties>
            <property name="Testsigma reports URL" value="http://verdict.test/runs/517"/>
        </properties>
        <testcase name="Login with mobile number" classname="Login" time="23.038">
            <failure>Test failed with message:"Unable to perform click/check action on element, Element is not displayed.".please visit below URL for more details.
 http://verdict.test/runs/517</failure>
        </testcase>
        <testcase name="Login with email" classname="Login" time="37.000"/>
        <testcase name="Search one-way flight" classname="Flight search" time="28.000"/>
        <testcase name="Search round trip" classname="Flight search" time="37.000">
            <failure>Test failed with message:"Assertion failed: the return date picker is shown".please visit below URL for more details.
 http://verdict.test/runs/517</failure>
        </testcase>
        <system-out>For More info on results, visit http://verdict.test/runs/517</system-out>
    </testsuite>
    <testsuite name="Simply Travel Web || Windows Firefox" timestamp="2024-05-29 07:31:40.0" tests="4" failures="2" errors="2" time="97.000">
        <properties>
            <property name="Testsigma reports URL" value="http://verdict.test/runs/517"/>
        </properties>
        <testcase name="Login with mobile number" classname="Login" time="24.000">
            <failure>Test failed with message:"Assertion failed: the mobile number field is displayed".please visit below URL for more details.
 http://verdict.test/runs/517</failure>
        </testcase>
        <testcase name="Login with email" classname="Login" time="24.000"/>
        <testcase name="Search one-way flight" classname="Flight search" time="21.000"/>
        <testcase name="Search round trip" classname="Flight search" time="24.000">
            <failure>Test failed with message:"Assertion failed: the return date picker is shown".please visit below URL for more details.
 http://verdict.test/runs/517</failure>
        </testcase>
        <system-out>For More info on results, visit http://verdict.test/runs/517</system-out>
    </testsuite>
</testsuites>
`;

/** The index of the first `"key":` in a JSON text: what an awk "first match" parser reads. */
const firstKey = (text: string, key: string) => text.indexOf(`"${key}":`);
/** The index of the first nested object or array value. */
const firstNested = (text: string) => text.slice(1).search(/":\s*[[{]/) + 1;

function dataDrivenRun(): RunDocument {
  return {
    testPlan: 'Simply Travel Web',
    buildNo: '42',
    triggeredType: 'API',
    startTime: '2024-06-01T10:00:00Z',
    endTime: '2024-06-01T10:01:00Z',
    machines: [
      {
        deviceConfiguration: { title: 'Linux <Chrome> & "friends"' },
        startTime: '2024-06-01T10:00:00Z',
        endTime: '2024-06-01T10:00:05Z',
        suites: [
          {
            name: 'Coupons',
            cases: [
              {
                name: 'Apply coupon',
                isDataDriven: true,
                iterations: [
                  { name: 'SAVE10', result: 'SUCCESS', startTime: '2024-06-01T10:00:01Z', endTime: '2024-06-01T10:00:02Z' },
                  { name: 'EXPIRED', result: 'FAILURE', message: 'Coupon "EXPIRED" <rejected> & logged\u0007', startTime: '2024-06-01T10:00:02Z', endTime: '2024-06-01T10:00:04.250Z' },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

describe('JUnit formatting (pure)', () => {
  it('ss.SSS with seconds holding the total: 238000 -> 238.000, 5000 -> 05.000', () => {
    expect(formatJunitTime(238000)).toBe('238.000');
    expect(formatJunitTime(5000)).toBe('05.000');
    expect(formatJunitTime(23038)).toBe('23.038');
    expect(formatJunitTime(null)).toBe('00.000');
  });
  it('java.sql.Timestamp#toString: 2024-05-29 07:29:19.0, trailing zeros of the fraction dropped', () => {
    expect(formatJavaTimestamp(Date.parse('2024-05-29T07:29:19Z'))).toBe('2024-05-29 07:29:19.0');
    expect(formatJavaTimestamp(Date.parse('2024-05-29T07:29:19.250Z'))).toBe('2024-05-29 07:29:19.25');
  });
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeText('a < b & c > d\u0000\u0007')).toBe('a &lt; b &amp; c &gt; d');
    expect(escapeAttribute('say "hi"\n')).toBe('say &quot;hi&quot;&#10;');
    const xml = junitReport({ planName: 'P&Q', reportsUrl: 'http://x/runs/1?a=1&b=2', machines: [] });
    expect(xml).toContain('<testsuites>\n</testsuites>');
  });
});

describe.each(DATABASES)('v1 routes on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let ddRun: number;
  let rerun: number;
  let liveRun: number;
  let otherAuth: Record<string, string>;

  beforeAll(async () => {
    t = await testApp(kind);
    await ingestDocument(t.store, t.workspaceId, seedRunDocument(), { now: NOW, trustFixedIds: true });
    ddRun = await ingestDocument(t.store, t.workspaceId, dataDrivenRun(), { now: NOW });
    rerun = await ingestDocument(t.store, t.workspaceId, { ...dataDrivenRun(), reRunParentId: ddRun, reRunType: 'ONLY_FAILED_TESTS' }, { now: NOW + 1000 });
    const open = await t.post('/api/v2/live/test_runs', { testPlan: 'Simply Travel Web', buildNo: 'live' });
    expect(open.statusCode).toBeLessThan(300);
    liveRun = open.json().id;
    const other = await createApiKey(t.store, 'globex', 'ci', NOW);
    otherAuth = { authorization: `Bearer ${other.key}` };
  });
  afterAll(() => t.close());

  it('GET /api/v1/execution_results/517: flat, epoch millis, status and result before any nested object', async () => {
    const res = await t.get('/api/v1/execution_results/517');
    expect(res.statusCode).toBe(200);
    const text = res.body;
    expect(firstKey(text, 'status')).toBeGreaterThan(0);
    expect(firstKey(text, 'result')).toBeGreaterThan(0);
    const nested = firstNested(text);
    if (nested > 0) {
      expect(firstKey(text, 'status')).toBeLessThan(nested);
      expect(firstKey(text, 'result')).toBeLessThan(nested);
    }
    expect(res.json()).toEqual({
      id: 517, executionId: 420, startTime: Date.parse('2024-05-29T07:29:19Z'), endTime: Date.parse('2024-05-29T07:33:17Z'), duration: 238000,
      result: 'FAILURE', status: 'STATUS_COMPLETED', message: expect.any(String), executedBy: 'bharath.k@testsigma.com', buildNo: null, environmentId: null,
      totalCount: 8, failedCount: 4, passedCount: 4, abortedCount: 0, stoppedCount: 0, notExecutedCount: 0, preRequisiteFailedCount: 0, queuedCount: 0,
      isVisuallyPassed: null, reRunParentId: null, reRunType: null, triggeredType: 'MANUAL', totalRunningCount: 0, totalQueuedCount: 0,
      consolidatedResult: 'FAILURE', consolidatedStatus: 'STATUS_COMPLETED', resultType: 'ORIGINAL', consolidatedDuration: 226000,
      executionName: 'Simply Travel Web', app_url: 'http://verdict.test/runs/517', childResult: null,
    });
  });

  it('a re-run chain: the original names its child last, the re-run is RE_RUN', async () => {
    const original = await t.get(`/api/v1/execution_results/${ddRun}`);
    const body = original.json();
    expect(body.childResult).toMatchObject({ id: rerun, reRunParentId: ddRun, resultType: 'RE_RUN', childResult: null });
    expect(Object.keys(body).at(-1)).toBe('childResult');
    expect(firstKey(original.body, 'status')).toBeLessThan(firstNested(original.body));
    expect(firstKey(original.body, 'result')).toBeLessThan(firstNested(original.body));
    const child = (await t.get(`/api/v1/execution_results/${rerun}`)).json();
    expect(child).toMatchObject({ id: rerun, resultType: 'RE_RUN', reRunType: 'ONLY_FAILED_TESTS', buildNo: '42', triggeredType: 'API' });
  });

  it('a live run in progress: status STATUS_IN_PROGRESS (or created) and a 409 for its JUnit report', async () => {
    const body = (await t.get(`/api/v1/execution_results/${liveRun}`)).json();
    expect(body.status).not.toBe('STATUS_COMPLETED');
    const report = await t.get(`/api/v1/reports/junit/${liveRun}`);
    expect(report.statusCode).toBe(409);
    expect(report.headers['content-type']).toContain('application/json');
    expect(report.json()).toMatchObject({ code: 'CONFLICT', fieldErrors: null, objectErrors: null });
  });

  it('GET /api/v1/execution_results/{id}/test_case_results: cases with iterations nested', async () => {
    const res = await t.get(`/api/v1/execution_results/${ddRun}/test_case_results`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['executionId', 'executionResultId', 'result', 'status', 'testCases']);
    expect(body).toMatchObject({ executionId: 420, executionResultId: ddRun, result: 'FAILURE', status: 'STATUS_COMPLETED' });
    expect(body.testCases).toHaveLength(1);
    expect(body.testCases[0]).toMatchObject({
      testCaseName: 'Apply coupon', result: 'FAILURE', isDataDrivenCase: true, testSuiteName: 'Coupons', machineTitle: 'Linux <Chrome> & "friends"',
      iterationResults: [{ setName: 'SAVE10', result: 'SUCCESS' }, { setName: 'EXPIRED', result: 'FAILURE' }],
    });
    const seed = (await t.get('/api/v1/execution_results/517/test_case_results')).json();
    expect(seed.testCases).toHaveLength(8);
    expect(seed.testCases[0]).toMatchObject({ testCaseResultId: 3857, testCaseId: 609, testCaseName: 'Login with mobile number', testSuiteResultId: 1383, machineResultId: 1434, machineTitle: 'Windows Chrome' });
  });

  it('GET /api/v1/test_case_results?executionResultId=&page=0&size=200: a Spring page of flat cases', async () => {
    const res = await t.get('/api/v1/test_case_results?executionResultId=517&page=0&size=200');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ totalElements: 8, size: 200, number: 0, pagination: { page: 0, pageSize: 200, isLast: true, totalElements: 8 } });
    expect(body.content[0]).toMatchObject({ id: 3857, executionResultId: 517, testCaseId: 609, testCaseName: 'Login with mobile number', result: 'FAILURE', message: 'Unable to perform click/check action on element, Element is not displayed.' });
    const failed = (await t.get('/api/v1/test_case_results?executionResultId=517&query=result:FAILED&size=3&page=1')).json();
    expect(failed).toMatchObject({ totalElements: 4, numberOfElements: 1, number: 1, last: true });
    const iterations = (await t.get(`/api/v1/test_case_results?executionResultId=${ddRun}&query=parentId!null`)).json();
    expect(iterations.content.map((c: { testDataSetName: string }) => c.testDataSetName)).toEqual(['SAVE10', 'EXPIRED']);
    expect((await t.get('/api/v1/test_case_results')).statusCode).toBe(400);
    expect((await t.get('/api/v1/test_case_results?executionResultId=517&query=nope:1')).json()).toMatchObject({ code: 'INVALID_QUERY', reason: 'UNKNOWN_FIELD' });
  });

  it("GET /api/v1/executions/{planId}/test_plan_results?page=0&size=1&sortBy=id&direction=DESC: the plan's latest run", async () => {
    const res = await t.get('/api/v1/executions/420/test_plan_results?page=0&size=1&sortBy=id&direction=DESC');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.totalElements).toBe(4);
    expect(body.content).toHaveLength(1);
    expect(body.content[0]).toMatchObject({ id: liveRun, executionId: 420 });
    const oldest = (await t.get('/api/v1/executions/420/test_plan_results?page=0&size=1&sortBy=id&direction=ASC')).json();
    expect(oldest.content[0].id).toBe(517);
    const done = (await t.get('/api/v1/executions/420/test_plan_results?query=status:STATUS_COMPLETED&sort=startTime,desc')).json();
    expect(done.content.map((r: { id: number }) => r.id)).toEqual([rerun, ddRun, 517]);
    expect((await t.get('/api/v1/executions/999999/test_plan_results')).statusCode).toBe(404);
  });

  it("GET /api/v1/execution_results?executionId={planId}&page=0&size=1&sortBy=id&direction=DESC: the same page of the plan's runs", async () => {
    const url = 'page=0&size=1&sortBy=id&direction=DESC';
    const res = await t.get(`/api/v1/execution_results?executionId=420&${url}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual((await t.get(`/api/v1/executions/420/test_plan_results?${url}`)).json());
    const [latest] = res.json().content;
    expect(latest).toMatchObject({ id: liveRun, executionId: 420, status: expect.stringMatching(/^STATUS_(CREATED|QUEUED|IN_PROGRESS)$/), result: expect.any(String) });
    const done = (await t.get('/api/v1/execution_results?executionId=420&query=status:STATUS_COMPLETED&sort=id,asc')).json();
    expect(done.content.map((r: { id: number }) => r.id)).toEqual([517, ddRun, rerun]);
    expect((await t.get('/api/v1/execution_results?executionId=999999')).json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.get('/api/v1/execution_results')).json()).toMatchObject({ code: 'INVALID_REQUEST', fieldErrors: [{ field: 'executionId' }] });
    expect((await t.get('/api/v1/execution_results?executionId=420&sort=nope')).json()).toMatchObject({ code: 'INVALID_SORT' });
  });

  it('GET /api/v1/test_plan_results/{id}: the run body the Jenkins plugin polls, byte for byte that of execution_results/{id}', async () => {
    const res = await t.get('/api/v1/test_plan_results/517');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe((await t.get('/api/v1/execution_results/517')).body);
    expect(res.json()).toMatchObject({ id: 517, status: 'STATUS_COMPLETED', result: 'FAILURE' });
    const live = (await t.get(`/api/v1/test_plan_results/${liveRun}`)).json();
    expect(live.status).not.toBe('STATUS_COMPLETED');
    expect((await t.get('/api/v1/test_plan_results/999999')).statusCode).toBe(404);
  });

  it('GET /api/v1/reports/junit/517: the golden report of the seed run', async () => {
    const res = await t.get('/api/v1/reports/junit/517');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.body).toBe(SEED_JUNIT);
  });

  it('the JUnit report counts iteration rows, escapes everything and formats times', async () => {
    const xml = (await t.get(`/api/v1/reports/junit/${ddRun}`)).body;
    expect(xml).toContain('<testsuite name="Simply Travel Web || Linux &lt;Chrome&gt; &amp; &quot;friends&quot;" timestamp="2024-06-01 10:00:00.0" tests="3" failures="2" errors="2" time="05.000">');
    expect(xml).toContain('<failure>Test failed with message:"Coupon "EXPIRED" &lt;rejected&gt; &amp; logged".please visit below URL for more details.\n http://verdict.test/runs/' + ddRun + '</failure>');
    expect(xml).toContain('classname="Coupons" time="02.250"');
    expect(xml).not.toContain('\u0007');
  });

  it("another workspace's ids are a 404 on every v1 route", async () => {
    for (const url of [
      '/api/v1/execution_results/517',
      '/api/v1/execution_results/517/test_case_results',
      '/api/v1/test_case_results?executionResultId=517',
      '/api/v1/executions/420/test_plan_results',
      '/api/v1/execution_results?executionId=420',
      '/api/v1/test_plan_results/517',
      '/api/v1/reports/junit/517',
    ]) {
      const res = await t.app.inject({ url, headers: otherAuth });
      expect(res.statusCode, url).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND', fieldErrors: null });
    }
  });

  it('v1 routes need a key', async () => {
    const res = await t.app.inject({ url: '/api/v1/execution_results/517' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
