/**
 * The seed page's five sample bodies are golden fixtures: load the same run (with the page's ids) and the
 * five GETs return them key for key, value for value, in the page's key order. Verdict's additive keys
 * (README "API") may follow the page's keys, never precede or replace them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestDocument } from '../../src/ingest/index.js';
import { seedRunDocument } from '../../src/demo/seed-run.js';
import { DATABASES } from '../helpers/databases.js';
import { NOW, testApp } from '../helpers/app.js';
import { seedBodies } from '../helpers/seed-bodies.js';

const ADDITIVE = new Set([
  'skippedCount', 'consolidatedPlanSkippedCount', 'consolidatedSkippedCount', 'status', 'message', 'reRunParentId', 'reRunType', 'testPlanName', 'environment', 'environmentId',
  'name', 'deviceConfiguration', 'appDetails', 'testRunId', 'testSuiteResultId', 'testMachineResultId', 'suiteId', 'parentId', 'iteration', 'dataSetName',
  'skipped', 'flaky', 'errorType', 'priority', 'parentStepResultId', 'depth', 'category', 'parameters',
]);

/** Every key of `expected` is in `actual` with the same value, in the same order, deeply; extra keys come after and are additive. */
function expectGolden(actual: unknown, expected: unknown, path = '$'): void {
  if (expected === null || typeof expected !== 'object') {
    expect(actual, path).toStrictEqual(expected);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectGolden((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  const a = actual as Record<string, unknown>;
  const expectedKeys = Object.keys(expected);
  const actualKeys = Object.keys(a);
  expect(actualKeys.slice(0, expectedKeys.length), `${path} key order`).toEqual(expectedKeys);
  for (const extra of actualKeys.slice(expectedKeys.length)) expect(ADDITIVE.has(extra), `${path}.${extra} is not a documented additive key`).toBe(true);
  for (const key of expectedKeys) expectGolden(a[key], (expected as Record<string, unknown>)[key], `${path}.${key}`);
}

describe.each(DATABASES)('seed golden bodies on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const seed = seedBodies();
  beforeAll(async () => {
    t = await testApp(kind);
    await ingestDocument(t.store, t.workspaceId, seedRunDocument(), { now: NOW, trustFixedIds: true });
  });
  afterAll(() => t.close());

  for (const version of ['v2', 'v3']) {
    it(`R1 GET /api/${version}/test_runs/517`, async () => {
      const res = await t.get(`/api/${version}/test_runs/517`);
      expect(res.statusCode).toBe(200);
      expectGolden(res.json(), seed.run);
    });
    it(`R3 GET /api/${version}/test_runs/517/test_machine_results/1434`, async () => {
      const res = await t.get(`/api/${version}/test_runs/517/test_machine_results/1434`);
      expect(res.statusCode).toBe(200);
      expectGolden(res.json(), seed.machine);
    });
    it(`R5 GET /api/${version}/test_runs/517/test_suite_results/1383`, async () => {
      const res = await t.get(`/api/${version}/test_runs/517/test_suite_results/1383`);
      expect(res.statusCode).toBe(200);
      expectGolden(res.json(), seed.suite);
    });
    it(`R7 GET /api/${version}/test_runs/517/test_case_results/3857`, async () => {
      const res = await t.get(`/api/${version}/test_runs/517/test_case_results/3857`);
      expect(res.statusCode).toBe(200);
      expectGolden(res.json(), seed.case);
    });
    it(`R9 GET /api/${version}/test_runs/517/test_case_results/3857/step_results/ (with and without the slash)`, async () => {
      for (const url of [`/api/${version}/test_runs/517/test_case_results/3857/step_results/`, `/api/${version}/test_runs/517/test_case_results/3857/step_results`]) {
        const res = await t.get(url);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expectGolden(body.content, seed.steps.content);
        // The page's own page fields contradict each other (totalElements null with totalPages 1); ours agree.
        for (const key of ['totalPages', 'numberOfElements', 'first', 'number', 'size', 'empty'] as const) expect(body[key], key).toStrictEqual(seed.steps[key]);
        expect(body.totalElements).toBe(6);
        expect(body.last).toBe(true);
        expect(body.pagination).toEqual({ page: 0, pageSize: 100, isLast: true, totalElements: 6 });
      }
    });
  }

  it('a child id of another run is a 404 like a missing id, with the JSON error body', async () => {
    const res = await t.get('/api/v3/test_runs/517/test_case_results/999999');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: expect.stringContaining('999999'), code: 'NOT_FOUND', fieldErrors: null, objectErrors: null });
    const other = await t.get('/api/v3/test_runs/518/test_machine_results/1434');
    expect(other.statusCode).toBe(404);
  });
});
