/** Trigger hooks per plan, and the trigger record of each triggered run. Plain reads and writes; the rules are in core/trigger-hook.ts. */
import type { Insertable, Updateable } from 'kysely';
import type { Db } from './dialect.js';
import type { RunTriggerTable, TriggerHookTable } from './schema.js';

export function findTriggerHook(db: Db, workspaceId: number, planId: number) {
  return db.selectFrom('trigger_hooks').selectAll().where('workspace_id', '=', workspaceId).where('test_plan_id', '=', planId).executeTakeFirst();
}

export type TriggerHookRow = NonNullable<Awaited<ReturnType<typeof findTriggerHook>>>;

/** Inserts or replaces the plan's hook; a replaced hook keeps its `created_at`. */
export async function saveTriggerHook(db: Db, row: Insertable<TriggerHookTable>): Promise<void> {
  const { test_plan_id: _id, workspace_id: _ws, created_at: _created, ...changes } = row;
  await db
    .insertInto('trigger_hooks')
    .values(row)
    .onConflict((oc) => oc.column('test_plan_id').doUpdateSet(changes))
    .execute();
}

export async function deleteTriggerHook(db: Db, workspaceId: number, planId: number): Promise<boolean> {
  const r = await db.deleteFrom('trigger_hooks').where('workspace_id', '=', workspaceId).where('test_plan_id', '=', planId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function insertRunTrigger(db: Db, row: Insertable<RunTriggerTable>): Promise<void> {
  await db.insertInto('run_triggers').values(row).execute();
}

export async function updateRunTrigger(db: Db, runId: number, set: Updateable<RunTriggerTable>): Promise<void> {
  await db.updateTable('run_triggers').set(set).where('test_run_id', '=', runId).execute();
}

export function findRunTrigger(db: Db, workspaceId: number, runId: number) {
  return db.selectFrom('run_triggers').selectAll().where('workspace_id', '=', workspaceId).where('test_run_id', '=', runId).executeTakeFirst();
}

/** Triggered runs still waiting (STATUS_CREATED: nothing arrived) past their time-out, oldest first. */
export function overdueTriggeredRuns(db: Db, now: number, limit: number) {
  return db
    .selectFrom('test_runs as r')
    .innerJoin('run_triggers as t', 't.test_run_id', 'r.id')
    .select(['r.id', 'r.workspace_id', 't.timeout_minutes'])
    .where('r.status', '=', 'STATUS_CREATED')
    .where('t.timeout_at', '<=', now)
    .orderBy('t.timeout_at')
    .limit(limit)
    .execute();
}
