/**
 * The reads and writes of a recount (ingest/recount.ts) and of a re-run chain's consolidation
 * (ingest/consolidation.ts): GROUP BY tallies of result rows, and updates of their metric columns.
 */
import { sql } from 'kysely';
import type { Result, Status } from '../core/vocabulary.js';
import type { Db } from './dialect.js';

/** A GROUP BY row: `n` items of one result/status/skipped under one parent `key`. */
export type TallyRow = { key: number; result: Result; status: Status; skipped: number; n: number };
const tallyOf = (rows: unknown[]) => (rows as (TallyRow & { n: number | string })[]).map((r) => ({ ...r, n: Number(r.n) }));

export function casesForRecount(db: Db, caseIds: readonly number[]) {
  return db.selectFrom('case_results').select(['id', 'is_data_driven', 'result_given', 'status', 'result', 'start_time', 'end_time', 'duration', 'message', 'error_type', 'stack_trace']).where('id', 'in', caseIds).execute();
}

/** Counted top-level steps of cases (not if/else/loop, not ignored), by case. */
export async function stepTally(db: Db, caseIds: readonly number[]): Promise<TallyRow[]> {
  return tallyOf(
    await db
      .selectFrom('step_results')
      .select((eb) => ['case_result_id as key', 'result', 'skipped', eb.val('STATUS_COMPLETED').as('status'), eb.fn.countAll().as('n')])
      .where('case_result_id', 'in', caseIds)
      .where('parent_step_result_id', 'is', null)
      .where('condition_type', '=', 'NOT_USED')
      .where('ignore_result', '=', 0)
      .groupBy(['case_result_id', 'result', 'skipped'])
      .execute(),
  );
}

/** The first failed MAJOR step that says something, per case (positions are depth first). */
export async function failedStepMessages(db: Db, caseIds: readonly number[]): Promise<Map<number, string>> {
  if (!caseIds.length) return new Map();
  const rows = await db
    .selectFrom('step_results')
    .select(['case_result_id', 'message'])
    .where('case_result_id', 'in', caseIds)
    .where('result', '=', 'FAILURE')
    .where('priority', '=', 'MAJOR')
    .where('condition_type', '=', 'NOT_USED')
    .where('ignore_result', '=', 0)
    .where('message', 'is not', null)
    .orderBy('case_result_id')
    .orderBy('position')
    .execute();
  const first = new Map<number, string>();
  for (const r of rows) if (!first.has(r.case_result_id)) first.set(r.case_result_id, r.message!);
  return first;
}

/** Iterations of data-driven cases, by parent case. */
export async function iterationTally(db: Db, caseIds: readonly number[]): Promise<TallyRow[]> {
  return tallyOf(
    await db
      .selectFrom('case_results')
      .select((eb) => ['parent_id as key', 'result', 'status', 'skipped', eb.fn.countAll().as('n')])
      .where('parent_id', 'in', caseIds)
      .groupBy(['parent_id', 'result', 'status', 'skipped'])
      .execute(),
  );
}

export async function parentsOfCases(db: Db, caseIds: readonly number[]): Promise<number[]> {
  if (!caseIds.length) return [];
  const rows = await db.selectFrom('case_results').select('parent_id').where('id', 'in', caseIds).where('parent_id', 'is not', null).execute();
  return [...new Set(rows.map((p) => p.parent_id!))];
}

export type Level = 'suite_results' | 'machine_results' | 'test_runs';
const KEY_OF: Record<Level, 'suite_result_id' | 'machine_result_id' | 'test_run_id'> = { suite_results: 'suite_result_id', machine_results: 'machine_result_id', test_runs: 'test_run_id' };

/** A run's top-level cases counted by suite, machine or the run itself, with each group's first start. */
export async function caseTally(db: Db, runId: number, level: Level): Promise<(TallyRow & { first_start: number | null })[]> {
  const key = KEY_OF[level];
  return tallyOf(
    await db
      .selectFrom('case_results')
      .select((eb) => [`${key} as key` as 'suite_result_id', 'result', 'status', 'skipped', eb.fn.countAll().as('n'), eb.fn.min('start_time').as('first_start')])
      .where('test_run_id', '=', runId)
      .where('parent_id', 'is', null)
      .groupBy([key, 'result', 'status', 'skipped'])
      .execute(),
  ) as (TallyRow & { first_start: number | null })[];
}

/** The rows of one level of a run, with their parent's id (a run is its own parent). */
/** A level's rows of one run; `truncated` (a report ended inside the suite) is only ever set on suites. */
export function levelRows(db: Db, runId: number, level: Level) {
  const columns = ['id', 'status', 'result', 'start_time', 'end_time', 'duration'] as const;
  const never = sql<number>`0`.as('truncated');
  if (level === 'test_runs') return db.selectFrom('test_runs').select([...columns, 'id as parent', never]).where('id', '=', runId).execute();
  if (level === 'machine_results') return db.selectFrom('machine_results').select([...columns, 'test_run_id as parent', never]).where('test_run_id', '=', runId).execute();
  return db.selectFrom('suite_results').select([...columns, 'machine_result_id as parent', 'truncated']).where('test_run_id', '=', runId).execute();
}

export async function updateLevelRow(db: Db, level: Level | 'case_results', id: number, set: Record<string, unknown>): Promise<void> {
  await db.updateTable(level).set(set as never).where('id', '=', id).execute();
}

/** Rows of every level of a re-run chain's runs, for consolidation. */
export async function chainRows(db: Db, runIds: readonly number[]) {
  const runs = await db.selectFrom('test_runs').select(['id', 'result', 'metrics_duration']).where('id', 'in', runIds).execute();
  const machines = await db.selectFrom('machine_results').select(['id', 'test_run_id', 'title', 're_run_parent_id', 'result', 'metrics_duration']).where('test_run_id', 'in', runIds).execute();
  const suites = await db.selectFrom('suite_results').select(['id', 'machine_result_id', 'suite_id', 're_run_parent_id', 'result', 'metrics_duration']).where('test_run_id', 'in', runIds).execute();
  const cases = await db
    .selectFrom('case_results')
    .select(['id', 'test_run_id', 'machine_result_id', 'suite_result_id', 'suite_id', 'test_case_id', 'parent_id', 'iteration', 're_run_parent_id', 'result', 'status', 'skipped', 'duration'])
    .where('test_run_id', 'in', runIds)
    .execute();
  return { runs, machines, suites, cases };
}
