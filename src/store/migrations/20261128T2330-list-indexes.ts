import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Indexes for the list routes (filtered, sorted, paged), measured with bench/list-latency.bench.ts.
 *
 * Every list is scoped first (the workspace for runs, the run for its machines/suites/cases, the case for
 * its steps), so each index leads with that scope and ends with `id`, the tiebreaker of every ORDER BY:
 * the database reads a page (and skips the rows of earlier pages) in index order without sorting, and the
 * id-only first step of a page (store/list-repository.ts) is answered from the index alone.
 *
 * Text columns (names, messages) are deliberately not indexed: names may be 10,000 characters, beyond
 * PostgreSQL's b-tree entry limit, and `*login*` is a substring match no b-tree can seek anyway.
 */
export const listIndexesMigration = {
  async up(db: Kysely<any>) {
    // R2: a workspace's runs, newest first (the default), by start time, by result.
    await db.schema.createIndex('test_runs_list').on('test_runs').columns(['workspace_id', 'id']).execute();
    await db.schema.createIndex('test_runs_list_start').on('test_runs').columns(['workspace_id', 'start_time', 'id']).execute();
    await db.schema.createIndex('test_runs_list_result').on('test_runs').columns(['workspace_id', 'result', 'start_time', 'id']).execute();
    // R8 and v1 test_case_results: a run's cases by result and start time (the common filter and sort).
    await db.schema.createIndex('case_results_run_result').on('case_results').columns(['test_run_id', 'result', 'start_time', 'id']).execute();
    await db.schema.createIndex('case_results_run_start').on('case_results').columns(['test_run_id', 'start_time', 'id']).execute();
    // R10: a case's steps by result (the default order is served by step_results_case).
    await db.schema.createIndex('step_results_case_result').on('step_results').columns(['case_result_id', 'result', 'position']).execute();
  },
  async down(db: Kysely<any>) {
    for (const name of ['test_runs_list', 'test_runs_list_start', 'test_runs_list_result', 'case_results_run_result', 'case_results_run_start', 'step_results_case_result']) {
      await db.schema.dropIndex(name).ifExists().execute();
    }
  },
};
