/** Reads of result rows, always scoped by workspace. No business rules here. */
import type { Db } from './dialect.js';

export function findRun(db: Db, workspaceId: number, runId: number) {
  return db.selectFrom('test_runs').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', runId).executeTakeFirst();
}

export function findRunChild(db: Db, workspaceId: number, runId: number) {
  return db.selectFrom('test_runs').select('id').where('workspace_id', '=', workspaceId).where('re_run_parent_id', '=', runId).executeTakeFirst();
}

export function findRunWithPlan(db: Db, workspaceId: number, runId: number) {
  return db
    .selectFrom('test_runs as r')
    .innerJoin('test_plans as p', 'p.id', 'r.test_plan_id')
    .selectAll('r')
    .select('p.name as plan_name')
    .where('r.workspace_id', '=', workspaceId)
    .where('r.id', '=', runId)
    .executeTakeFirst();
}

export function findMachineResult(db: Db, workspaceId: number, runId: number, id: number) {
  return db.selectFrom('machine_results').selectAll().where('workspace_id', '=', workspaceId).where('test_run_id', '=', runId).where('id', '=', id).executeTakeFirst();
}

export function findSuiteResult(db: Db, workspaceId: number, runId: number, id: number) {
  return db.selectFrom('suite_results').selectAll().where('workspace_id', '=', workspaceId).where('test_run_id', '=', runId).where('id', '=', id).executeTakeFirst();
}

export function findCaseResult(db: Db, workspaceId: number, runId: number, id: number) {
  return db.selectFrom('case_results').selectAll().where('workspace_id', '=', workspaceId).where('test_run_id', '=', runId).where('id', '=', id).executeTakeFirst();
}

export type RunRow = NonNullable<Awaited<ReturnType<typeof findRun>>>;
export type MachineRow = NonNullable<Awaited<ReturnType<typeof findMachineResult>>>;
export type SuiteRow = NonNullable<Awaited<ReturnType<typeof findSuiteResult>>>;
export type CaseRow = NonNullable<Awaited<ReturnType<typeof findCaseResult>>>;
