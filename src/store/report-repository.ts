/** Reads for the v1 compatibility routes and the JUnit report; always scoped by workspace. */
import type { Db } from './dialect.js';
import { findRunWithPlan } from './run-repository.js';

/** The run and the runs that re-ran it, oldest first (a re-run chain has at most one child per run). */
export async function findRunChain(db: Db, workspaceId: number, runId: number) {
  const first = await findRunWithPlan(db, workspaceId, runId);
  if (!first) return undefined;
  const chain = [first];
  for (let i = 0; i < 100; i++) {
    const last = chain[chain.length - 1]!;
    const child = await db.selectFrom('test_runs').select('id').where('workspace_id', '=', workspaceId).where('re_run_parent_id', '=', last.id).orderBy('id').executeTakeFirst();
    const row = child && (await findRunWithPlan(db, workspaceId, child.id));
    if (!row) break;
    chain.push(row);
  }
  return chain;
}

export function findPlan(db: Db, workspaceId: number, planId: number) {
  return db.selectFrom('test_plans').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', planId).executeTakeFirst();
}

export function findPlanByName(db: Db, workspaceId: number, name: string) {
  return db.selectFrom('test_plans').selectAll().where('workspace_id', '=', workspaceId).where('name', '=', name).executeTakeFirst();
}

/** Every case row of a run (iterations too) with its suite name and machine title, in execution order (start time, then id). */
export function caseRowsOfRun(db: Db, workspaceId: number, runId: number) {
  return db
    .selectFrom('case_results as c')
    .innerJoin('suite_results as s', 's.id', 'c.suite_result_id')
    .innerJoin('machine_results as m', 'm.id', 'c.machine_result_id')
    .select([
      'c.id', 'c.test_case_id', 'c.name', 'c.result', 'c.message', 'c.duration', 'c.is_data_driven', 'c.parent_id', 'c.iteration', 'c.data_set_name',
      'c.suite_id', 'c.suite_result_id', 'c.machine_result_id', 's.name as suite_name', 'm.title as machine_title',
    ])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.test_run_id', '=', runId)
    .orderBy('c.start_time', (ob) => ob.asc().nullsLast())
    .orderBy('c.id')
    .execute();
}

export function machinesOfRun(db: Db, workspaceId: number, runId: number) {
  return db
    .selectFrom('machine_results')
    .select(['id', 'title', 'start_time', 'duration'])
    .where('workspace_id', '=', workspaceId)
    .where('test_run_id', '=', runId)
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export type RunCaseRow = Awaited<ReturnType<typeof caseRowsOfRun>>[number];
