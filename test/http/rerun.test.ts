/**
 * Re-running the seed run's failed case (3857, "Login with mobile number" on Windows Chrome) as a re-run:
 * consolidated counts keep the latest result of each test, latestResult is the chain's last result, and
 * consolidatedDuration sums metrics.duration along the chain (reference.md §4.3, §4.4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRunDocument } from '../../src/demo/seed-run.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { DATABASES } from '../helpers/databases.js';
import { NOW, testApp } from '../helpers/app.js';

const reRun = {
  testPlan: 'Simply Travel Web',
  reRunParentId: 517,
  reRunType: 'ONLY_FAILED_TESTS',
  triggeredType: 'MANUAL',
  startTime: '2024-05-29T07:59:50Z',
  endTime: '2024-05-29T08:00:25Z',
  machines: [
    {
      deviceConfiguration: { title: 'Windows Chrome', browser: 'GoogleChrome', platform: 'Windows' },
      suites: [
        {
          name: 'Login',
          cases: [
            {
              name: 'Login with mobile number',
              startTime: '2024-05-29T08:00:00Z',
              endTime: '2024-05-29T08:00:20Z',
              duration: 20000,
              steps: [
                { action: 'Navigate to https://simply-travel.testsigma.com/', result: 'SUCCESS' },
                { action: 'Select the radio button Mobile Number Radio Button', result: 'SUCCESS' },
              ],
            },
          ],
        },
      ],
    },
  ],
};

describe.each(DATABASES)('re-run of the seed run on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let reRunId: number;
  beforeAll(async () => {
    t = await testApp(kind);
    await ingestDocument(t.store, t.workspaceId, seedRunDocument(), { now: NOW, trustFixedIds: true });
    const res = await t.post('/api/v3/test_runs', reRun);
    expect(res.statusCode, res.body).toBe(201);
    reRunId = res.json().id;
  });
  afterAll(() => t.close());

  it('the re-run links to 517 and holds only the re-run case', async () => {
    const body = (await t.get(`/api/v3/test_runs/${reRunId}`)).json();
    expect(body).toMatchObject({ reRunParentId: 517, result: 'SUCCESS', metrics: { totalCount: 1, passedCount: 1, failedCount: 0, duration: 25000 } });
  });

  it('plan level: consolidatedPlan* counts the latest result of each of the 8 tests, on both runs of the chain', async () => {
    for (const id of [517, reRunId]) {
      const m = (await t.get(`/api/v3/test_runs/${id}`)).json().metrics;
      expect(m).toMatchObject({
        consolidatedPlanTotalCount: 8,
        consolidatedPlanPassedCount: 5,
        consolidatedPlanFailedCount: 3,
        consolidatedPlanNotExecutedCount: 0,
        latestResult: 'SUCCESS',
        consolidatedDuration: 226000 + 25000,
      });
    }
    // The original keeps its own counts and result.
    expect((await t.get('/api/v3/test_runs/517')).json().metrics).toMatchObject({ totalCount: 8, passedCount: 4, failedCount: 4, result: 'FAILURE' });
  });

  it('machine level: Windows Chrome consolidates to 3 passed, 1 failed; Windows Firefox, not re-run, keeps its own', async () => {
    const m = (await t.get('/api/v3/test_runs/517/test_machine_results/1434')).json().metrics;
    expect(m).toMatchObject({ consolidatedTotalCount: 4, consolidatedPassedCount: 3, consolidatedFailedCount: 1, latestResult: 'SUCCESS', result: 'FAILURE', consolidatedDuration: 129000 + 20000 });
    const rows = await t.store.db.selectFrom('machine_results').selectAll().where('test_run_id', '=', 517).where('title', '=', 'Windows Firefox').executeTakeFirstOrThrow();
    expect(rows).toMatchObject({ c_total_count: 4, c_failed_count: 2, latest_result: 'FAILURE' });
  });

  it('suite level: Login on Windows Chrome consolidates to 2 passed', async () => {
    const m = (await t.get('/api/v3/test_runs/517/test_suite_results/1383')).json().metrics;
    expect(m).toMatchObject({ consolidatedTotalCount: 2, consolidatedPassedCount: 2, consolidatedFailedCount: 0, latestResult: 'SUCCESS', result: 'FAILURE', consolidatedDuration: 62000 + 20000 });
  });

  it('case level: 3857 keeps FAILURE as its result, latestResult SUCCESS, consolidatedDuration 23038 + 20000', async () => {
    const m = (await t.get('/api/v3/test_runs/517/test_case_results/3857')).json().metrics;
    expect(m).toMatchObject({ result: 'FAILURE', latestResult: 'SUCCESS', duration: 23038, consolidatedDuration: 43038 });
  });

  it('a second re-run of 517 is a conflict: re-run the latest run of the chain instead', async () => {
    const res = await t.post('/api/v3/test_runs', reRun);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'CONFLICT' });
    const chained = await t.post('/api/v3/test_runs', { ...reRun, reRunParentId: reRunId });
    expect(chained.statusCode).toBe(201);
    const m = (await t.get('/api/v3/test_runs/517')).json().metrics;
    expect(m).toMatchObject({ consolidatedPlanTotalCount: 8, consolidatedPlanPassedCount: 5, latestResult: 'SUCCESS', consolidatedDuration: 226000 + 25000 + 25000 });
  });
});
