/**
 * Reads for triage: a run's failed cases with their fingerprints, when each cause was first seen, a run's
 * cases by test for comparison, and the run a comparison defaults to. Scoped by workspace; no rules here.
 */
import { sql } from 'kysely';
import { chunk } from './batch.js';
import type { Db } from './dialect.js';
import { notIndexed } from './query-pieces.js';

const FAILED = ['FAILURE', 'ABORTED'] as const;

/** A run's failed leaf cases (iterations, not their data-driven parents), in run order. */
export function failedCasesOfRun(db: Db, workspaceId: number, runId: number) {
  return db
    .selectFrom('case_results as c')
    .innerJoin('suite_results as s', 's.id', 'c.suite_result_id')
    .innerJoin('machine_results as m', 'm.id', 'c.machine_result_id')
    .select(['c.id', 'c.name', 'c.test_case_id', 'c.message', 'c.error_type', 'c.fingerprint', 'c.result', 'c.data_set_name', 's.name as suite_name', 'm.title as machine_title'])
    .select(sql<string | null>`substr(c.stack_trace, 1, 4000)`.as('stack_head'))
    .where('c.workspace_id', '=', workspaceId)
    .where('c.test_run_id', '=', runId)
    .where('c.result', 'in', FAILED)
    .where('c.is_data_driven', '=', 0)
    .orderBy('c.machine_result_id')
    .orderBy('c.suite_result_id')
    .orderBy('c.position')
    .orderBy('c.id')
    .execute();
}

/**
 * The first run of the plan each cause (fingerprint) appeared in. Per cause, its rows are walked in run
 * order (case_results_fingerprint) up to the first in a run of the plan, rather than all of them grouped:
 * a cause that fails every night would otherwise cost more each night.
 */
export async function firstSeenRuns(db: Db, workspaceId: number, planId: number, fingerprints: readonly string[]): Promise<Map<string, number>> {
  if (!fingerprints.length) return new Map();
  const rows = await db
    .with('causes(fingerprint)', () => sql<{ fingerprint: string }>`(values ${sql.join([...new Set(fingerprints)].map((f) => sql`(${f})`))})`)
    .selectFrom('causes')
    .select((eb) => [
      'causes.fingerprint',
      eb
        .selectFrom('case_results as c')
        .innerJoin('test_runs as r', 'r.id', 'c.test_run_id')
        .select('c.test_run_id')
        .where('c.workspace_id', '=', workspaceId)
        .whereRef('c.fingerprint', '=', 'causes.fingerprint')
        .where('r.test_plan_id', '=', planId)
        .orderBy('c.test_run_id')
        .limit(1)
        .as('first_run_id'),
    ])
    .execute();
  return new Map(rows.filter((r) => r.first_run_id !== null).map((r) => [r.fingerprint, Number(r.first_run_id)]));
}

/** A run's top-level cases, one row per test and machine, for comparing two runs. */
/** What comparing needs of a run's cases (top-level rows): the test, its machine, result and duration; no text. */
export function casesForCompare(db: Db, workspaceId: number, runId: number) {
  return db
    .selectFrom('case_results as c')
    .innerJoin('machine_results as m', 'm.id', 'c.machine_result_id')
    .select(['c.id', 'c.test_case_id', 'c.result', 'c.duration', 'm.title as machine_title'])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.test_run_id', '=', runId)
    .where('c.parent_id', 'is', null)
    .orderBy('c.id')
    .execute();
}

/** Name, suite and message of the cases a comparison lists, looked up by id. */
export async function caseTextsById(db: Db, workspaceId: number, ids: readonly number[]) {
  const rows = [];
  for (const some of chunk(ids, 500)) {
    if (!some.length) continue;
    rows.push(
      ...(await db
        .selectFrom('case_results as c')
        .innerJoin('suite_results as s', 's.id', 'c.suite_result_id')
        .select(['c.id', 'c.name', 'c.message', 's.name as suite_name'])
        .where(notIndexed('c.workspace_id'), '=', workspaceId)
        .where('c.id', 'in', some)
        .execute()),
    );
  }
  return rows;
}

/** The plan's finished runs before `runId`, newest first, that are not re-runs (with their environment, to match a branch). */
export function previousRuns(db: Db, workspaceId: number, planId: number, runId: number, limit = 50) {
  return db
    .selectFrom('test_runs')
    .select(['id', 'environment'])
    .where('workspace_id', '=', workspaceId)
    .where('test_plan_id', '=', planId)
    .where('id', '<', runId)
    .where('status', '=', 'STATUS_COMPLETED')
    .where('re_run_parent_id', 'is', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}
