import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Indexes for the analytics across a plan's recent runs (failing, flip-rate and retry-flaky tests),
 * measured with bench/analytics-scale.bench.ts.
 *
 * A plan's last N runs are few and found first (test_runs_plan); their case rows may be many (300,000 for
 * 30 runs of 10,000). Each read takes from an index alone only the rows it needs: the failed ones (about a
 * tenth), the retry-flaky ones (fewer), or a few tests' rows in those runs. `id` is a column so that
 * PostgreSQL answers max(id) from the index too (on SQLite it is the rowid, there anyway).
 *
 * None leads with workspace_id, which ends each (the reads filter by it). SQLite plans without statistics
 * (the server never runs ANALYZE), so it takes `workspace_id = ?` for a selective key and prefers an index
 * that starts with it: that is how `case_results_history` came to scan a whole workspace for a plan of
 * 8 case rows. A partial index serves SQLite only when the query repeats its WHERE with literals, and
 * without reading the table only when that WHERE's columns are in the index too.
 */
export const analyticsIndexesMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createIndex('case_results_run_failed')
      .on('case_results')
      .columns(['test_run_id', 'result', 'test_case_id', 'parent_id', 'workspace_id', 'id'])
      .where(sql<boolean>`result in ('FAILURE', 'ABORTED')`)
      .execute();
    await db.schema
      .createIndex('case_results_run_flaky')
      .on('case_results')
      .columns(['test_run_id', 'flaky', 'test_case_id', 'workspace_id', 'id'])
      .where(sql<boolean>`flaky = 1`)
      .execute();
    await db.schema.createIndex('case_results_test_run').on('case_results').columns(['test_case_id', 'test_run_id', 'parent_id', 'result', 'workspace_id', 'id']).execute();
  },
  async down(db: Kysely<any>) {
    for (const name of ['case_results_run_failed', 'case_results_run_flaky', 'case_results_test_run']) await db.schema.dropIndex(name).ifExists().execute();
  },
};
