/**
 * Retry-flaky tests: failed, then passed on a retry within one run (the case is marked flaky), counted over
 * a plan's last N runs. The flip-rate definition is `flakyTests` in analytics-repository.ts.
 */
import type { Db } from './dialect.js';
import { recentRuns } from './analytics-repository.js';

export async function retryFlakyTests(db: Db, workspaceId: number, planId: number, { runs, limit }: { runs: number; limit: number }) {
  const rows = await recentRuns(db, workspaceId, planId, runs)
    .selectFrom('case_results as c')
    .innerJoin('recent', 'recent.id', 'c.test_run_id')
    .innerJoin('test_cases as t', 't.id', 'c.test_case_id')
    .select((eb) => ['c.test_case_id', eb.fn.max('t.name').as('name'), eb.fn.count('c.test_run_id').distinct().as('flaky_runs'), eb.fn.max('c.test_run_id').as('last_run_id'), eb.fn.max('c.id').as('last_case_result_id')])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.flaky', '=', 1)
    .groupBy('c.test_case_id')
    .orderBy('flaky_runs', 'desc')
    .orderBy('name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ test_case_id: r.test_case_id, name: r.name ?? '', flaky_runs: Number(r.flaky_runs), last_run_id: Number(r.last_run_id), last_case_result_id: Number(r.last_case_result_id) }));
}
