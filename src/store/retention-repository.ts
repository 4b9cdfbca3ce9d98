/**
 * Retention's SQL: the policies, the runs they judge, and deleting runs with every row under them.
 * Which runs go is decided in core/retention.ts; the prune job (jobs/retention.ts) drives both.
 */
import { sql } from 'kysely';
import type { Db } from './dialect.js';
import type { Database } from './schema.js';

/**
 * Every table whose rows belong to a run (by `test_run_id`), children first; `test_runs` last. A table
 * added with a `test_run_id` column belongs here: test/store/tables.test.ts fails until it is.
 */
export const RUN_OWNED_TABLES = [
  'step_results',
  'attachments',
  'case_labels',
  'case_results',
  'suite_results',
  'machine_results',
  'import_warnings',
  'import_shards',
  'run_triggers',
  'run_events',
  'webhook_deliveries',
  'rp_items',
] as const satisfies readonly (keyof Database)[];

/** A workspace's policies, its default (`test_plan_id` 0) first, each plan's with the plan's name. */
export function retentionPolicies(db: Db, workspaceId: number) {
  return db
    .selectFrom('retention_policies as r')
    .leftJoin('test_plans as p', (j) => j.onRef('p.id', '=', 'r.test_plan_id').onRef('p.workspace_id', '=', 'r.workspace_id'))
    .select(['r.test_plan_id', 'r.keep_days', 'r.keep_runs', 'r.updated_at', 'p.name as plan_name'])
    .where('r.workspace_id', '=', workspaceId)
    .orderBy('r.test_plan_id')
    .execute();
}

export async function workspacesWithPolicies(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('retention_policies').select('workspace_id').distinct().orderBy('workspace_id').execute();
  return rows.map((r) => r.workspace_id);
}

export async function setRetentionPolicy(db: Db, row: { workspace_id: number; test_plan_id: number; keep_days: number | null; keep_runs: number | null; updated_at: number }): Promise<void> {
  await db
    .insertInto('retention_policies')
    .values(row)
    .onConflict((oc) => oc.columns(['workspace_id', 'test_plan_id']).doUpdateSet({ keep_days: row.keep_days, keep_runs: row.keep_runs, updated_at: row.updated_at }))
    .execute();
}

export async function deleteRetentionPolicy(db: Db, workspaceId: number, testPlanId: number): Promise<boolean> {
  const r = await db.deleteFrom('retention_policies').where('workspace_id', '=', workspaceId).where('test_plan_id', '=', testPlanId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** A workspace's runs, as retention judges them. */
export async function runsForRetention(db: Db, workspaceId: number) {
  const rows = await db.selectFrom('test_runs').select(['id', 'test_plan_id', 're_run_parent_id', 'created_at', 'status']).where('workspace_id', '=', workspaceId).execute();
  return rows.map((r) => ({ id: r.id, testPlanId: r.test_plan_id, reRunParentId: r.re_run_parent_id, createdAt: Number(r.created_at), inProgress: r.status !== 'STATUS_COMPLETED' }));
}

export type RowCounts = Record<(typeof RUN_OWNED_TABLES)[number] | 'test_runs', number>;

/** How many rows of each table these runs own, and their attachments' blob keys and bytes: what deleting them frees. */
export async function runRows(db: Db, runIds: readonly number[]): Promise<{ rows: RowCounts; blobKeys: string[]; attachmentBytes: number }> {
  const rows = {} as RowCounts;
  for (const table of [...RUN_OWNED_TABLES, 'test_runs'] as const) {
    const column = table === 'test_runs' ? 'id' : 'test_run_id';
    const row = await db
      .selectFrom(table)
      .select(sql<number>`count(*)`.as('n'))
      .where(sql.ref(column), 'in', runIds)
      .executeTakeFirstOrThrow();
    rows[table] = Number(row.n);
  }
  const blobs = await db.selectFrom('attachments').select(['blob_key', 'size']).where('test_run_id', 'in', runIds).execute();
  return { rows, blobKeys: blobs.map((b) => b.blob_key), attachmentBytes: blobs.reduce((sum, b) => sum + Number(b.size), 0) };
}

/** Deletes the runs and every row they own; call in one transaction per batch of whole chains. */
export async function deleteRuns(db: Db, runIds: readonly number[]): Promise<void> {
  for (const table of RUN_OWNED_TABLES) await db.deleteFrom(table).where('test_run_id', 'in', runIds).execute();
  // Re-runs first: a run's parent is deleted after the runs that point at it.
  await db.deleteFrom('test_runs').where('id', 'in', runIds).where('re_run_parent_id', 'is not', null).execute();
  await db.deleteFrom('test_runs').where('id', 'in', runIds).execute();
}
