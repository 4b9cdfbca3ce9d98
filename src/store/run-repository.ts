/** Reads of result rows, always scoped by workspace. No business rules here. */
import { sql } from 'kysely';
import type { Insertable, Updateable } from 'kysely';
import type { TestRunTable } from './schema.js';
import type { Db } from './dialect.js';
import { prepared } from './prepared.js';

const runById = prepared((db, workspaceId: number, runId: number) => db.selectFrom('test_runs').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', runId));

export async function findRun(db: Db, workspaceId: number, runId: number) {
  return (await runById(db, workspaceId, runId))[0];
}

export function findRunChild(db: Db, workspaceId: number, runId: number) {
  return db.selectFrom('test_runs').select('id').where('workspace_id', '=', workspaceId).where('re_run_parent_id', '=', runId).executeTakeFirst();
}

const runWithPlanById = prepared((db, workspaceId: number, runId: number) =>
  db.selectFrom('test_runs as r').innerJoin('test_plans as p', 'p.id', 'r.test_plan_id').selectAll('r').select('p.name as plan_name').where('r.workspace_id', '=', workspaceId).where('r.id', '=', runId),
);

export async function findRunWithPlan(db: Db, workspaceId: number, runId: number) {
  return (await runWithPlanById(db, workspaceId, runId))[0];
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

export function findKeyedRun(db: Db, workspaceId: number, planId: number, key: string) {
  return db.selectFrom('test_runs').selectAll().where('workspace_id', '=', workspaceId).where('test_plan_id', '=', planId).where('client_key', '=', key).executeTakeFirst();
}

/** Inserts a run row; with a client key, yields to a run another writer created with the same key. Returns whether it was inserted. */
export async function insertRun(db: Db, row: Insertable<TestRunTable>): Promise<boolean> {
  const inserted = await db
    .insertInto('test_runs')
    .values(row)
    .$if(row.client_key !== null && row.client_key !== undefined, (q) => q.onConflict((oc) => oc.columns(['workspace_id', 'test_plan_id', 'client_key']).doNothing()))
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function updateRun(db: Db, runId: number, set: Updateable<TestRunTable>): Promise<void> {
  await db.updateTable('test_runs').set(set).where('id', '=', runId).execute();
}

/** Updates the run only while it has `status`; returns whether it did (so two writers cannot both move it on). */
export async function updateRunIf(db: Db, runId: number, status: TestRunTable['status'], set: Updateable<TestRunTable>): Promise<boolean> {
  const r = await db.updateTable('test_runs').set(set).where('id', '=', runId).where('status', '=', status).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The run's re-run parent and child ids: one link of its chain each way. */
export async function runLinks(db: Db, workspaceId: number, runId: number): Promise<{ parentId: number | null; childId: number | null } | undefined> {
  const row = await db.selectFrom('test_runs').select(['id', 're_run_parent_id']).where('workspace_id', '=', workspaceId).where('id', '=', runId).executeTakeFirst();
  if (!row) return undefined;
  const child = await findRunChild(db, workspaceId, runId);
  return { parentId: row.re_run_parent_id, childId: child?.id ?? null };
}

export function findAnyRun(db: Db) {
  return db.selectFrom('test_runs').select('id').limit(1).executeTakeFirst();
}

/** Whether a run id is taken in any workspace (fixed-id loaders check before pinning one). */
export async function runIdTaken(db: Db, runId: number): Promise<boolean> {
  return (await db.selectFrom('test_runs').select('id').where('id', '=', runId).executeTakeFirst()) !== undefined;
}

/** The database answers: what readiness checks. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}

/** The newest run of the plan with this name: what a re-run that names no run re-runs. */
export function findLatestRunOfPlan(db: Db, workspaceId: number, planName: string) {
  return db
    .selectFrom('test_runs as r')
    .innerJoin('test_plans as p', 'p.id', 'r.test_plan_id')
    .select('r.id')
    .where('r.workspace_id', '=', workspaceId)
    .where('p.name', '=', planName)
    .orderBy('r.id', 'desc')
    .executeTakeFirst();
}
