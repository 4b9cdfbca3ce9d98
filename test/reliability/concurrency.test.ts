/**
 * 20 writers at once into one plan: 10 upload shards into the same run (same run key) and 10 live runs,
 * while readers page through the lists. No errors, no lost or duplicated case, metrics exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/databases.js';
import { testApp } from '../helpers/app.js';

const SHARDS = 10;
const CASES_PER_SHARD = 60;
const LIVE_RUNS = 10;
const LIVE_BATCHES = 3;
const CASES_PER_BATCH = 20;

function shardReport(shard: number): string {
  const cases = Array.from({ length: CASES_PER_SHARD }, (_, i) => {
    const failed = i % 6 === 0 ? '<failure message="boom">stack</failure>' : '';
    return `<testcase classname="shard${shard}.Tests" name="case ${i}" time="0.01">${failed}</testcase>`;
  });
  return `<?xml version="1.0"?><testsuites><testsuite name="shard ${shard}" tests="${CASES_PER_SHARD}">${cases.join('')}</testsuite></testsuites>`;
}

describe.each(DATABASES)('concurrent writers and readers on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp(kind);
  });
  afterAll(() => t.close());

  it('stores every case exactly once and keeps metrics exact', async () => {
    const errors: string[] = [];
    const check = <R extends { statusCode: number; body: string }>(what: string, res: R, ok: number[]): R => {
      if (!ok.includes(res.statusCode)) errors.push(`${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      return res;
    };
    const shards = Array.from({ length: SHARDS }, (_, s) =>
      t.app
        .inject({ method: 'POST', url: '/api/v3/imports?plan=Concurrent&runKey=build-7&machine=ci', headers: { ...t.auth, 'content-type': 'application/xml' }, payload: shardReport(s) })
        .then((res) => check(`shard ${s}`, res, [201])),
    );
    const live = Array.from({ length: LIVE_RUNS }, async (_, r) => {
      const opened = check(`open ${r}`, await t.post('/api/v3/live/test_runs', { testPlan: 'Concurrent', key: `live-${r}` }), [200, 201]);
      const runId = opened.json().id as number;
      check(`setup ${r}`, await t.post(`/api/v3/live/test_runs/${runId}/results`, { machines: [{ key: 'm' }], suites: [{ key: 's', machineKey: 'm', name: 'Live' }] }), [200]);
      for (let b = 0; b < LIVE_BATCHES; b++) {
        const cases = Array.from({ length: CASES_PER_BATCH }, (_, i) => ({ key: `${b}-${i}`, suiteKey: 's', name: `live ${b}-${i}`, result: i % 5 ? 'SUCCESS' : 'FAILURE' }));
        check(`batch ${r}/${b}`, await t.post(`/api/v3/live/test_runs/${runId}/results`, { cases }), [200]);
      }
      check(`finish ${r}`, await t.post(`/api/v3/live/test_runs/${runId}/finish`, {}), [200]);
      return runId;
    });
    let reading = true;
    const readers = Array.from({ length: 3 }, async () => {
      let reads = 0;
      while (reading) {
        const res = await t.get('/api/v2/test_runs?query=testPlanName:Concurrent&size=5&sort=id,desc');
        check('list runs', res, [200, 400]);
        for (const run of (res.statusCode === 200 ? res.json().content : []) as { id: number }[]) {
          check('list cases', await t.get(`/api/v2/test_runs/${run.id}/test_case_results?size=50&page=1`), [200]);
        }
        reads++;
        await new Promise((r) => setTimeout(r, 5));
      }
      return reads;
    });
    await Promise.all(shards);
    const liveRunIds = await Promise.all(live);
    reading = false;
    await Promise.all(readers);
    expect(errors).toEqual([]);

    const shardRun = await t.store.db.selectFrom('test_runs').selectAll().where('client_key', '=', 'build-7').execute();
    expect(shardRun).toHaveLength(1);
    const run = shardRun[0]!;
    const caseRows = await t.store.db.selectFrom('case_results').select(['test_case_id', 'result']).where('test_run_id', '=', run.id).execute();
    expect(caseRows).toHaveLength(SHARDS * CASES_PER_SHARD);
    expect(new Set(caseRows.map((c) => c.test_case_id)).size).toBe(SHARDS * CASES_PER_SHARD);
    const failed = caseRows.filter((c) => c.result === 'FAILURE').length;
    expect(run).toMatchObject({ total_count: SHARDS * CASES_PER_SHARD, failed_count: failed, passed_count: SHARDS * CASES_PER_SHARD - failed });

    for (const runId of liveRunIds) {
      const r = await t.get(`/api/v3/test_runs/${runId}`);
      expect(r.json()).toMatchObject({ status: 'STATUS_COMPLETED', metrics: { totalCount: LIVE_BATCHES * CASES_PER_BATCH, failedCount: LIVE_BATCHES * 4, passedCount: LIVE_BATCHES * 16 } });
    }
  });
});
