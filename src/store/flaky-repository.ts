/**
 * Retry-flaky tests: failed, then passed on a retry within one run (the case is marked flaky), counted over
 * a plan's last N runs. The flip-rate definition is `flakyTests` in analytics-repository.ts.
 */
import { sql } from 'kysely';
import type { Db } from './dialect.js';
import { recentRunIds } from './analytics-repository.js';
import { notIndexed } from './query-pieces.js';

export async function retryFlakyTests(db: Db, workspaceId: number, planId: number, { runs, limit }: { runs: number; limit: number }) {
  const runIds = await recentRunIds(db, workspaceId, planId, runs);
  if (!runIds.length) return [];
  const rows = await db
    .with('flaky', (qb) =>
      qb
        .selectFrom('case_results as c')
        .select((eb) => ['c.test_case_id', eb.fn.count('c.test_run_id').distinct().as('flaky_runs'), eb.fn.max('c.test_run_id').as('last_run_id'), eb.fn.max('c.id').as('last_case_result_id')])
        .where('c.test_run_id', 'in', runIds)
        // A literal, as the partial index case_results_run_flaky says it (SQLite matches the very term).
        .where(sql<boolean>`${sql.ref('c.flaky')} = 1`)
        .where(notIndexed('c.workspace_id'), '=', workspaceId)
        .groupBy('c.test_case_id'),
    )
    .selectFrom('flaky')
    .innerJoin('test_cases as t', 't.id', 'flaky.test_case_id')
    .select(['flaky.test_case_id', 't.name', 'flaky.flaky_runs', 'flaky.last_run_id', 'flaky.last_case_result_id'])
    .orderBy('flaky.flaky_runs', 'desc')
    .orderBy('t.name')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ test_case_id: r.test_case_id, name: r.name ?? '', flaky_runs: Number(r.flaky_runs), last_run_id: Number(r.last_run_id), last_case_result_id: Number(r.last_case_result_id) }));
}
