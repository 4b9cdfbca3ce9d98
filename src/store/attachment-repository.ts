/** Attachment metadata: written in the run's transaction, read by workspace, removed with its run. */
import type { Insertable } from 'kysely';
import type { Db } from './dialect.js';
import type { AttachmentTable } from './schema.js';

export async function insertAttachment(db: Db, row: Insertable<AttachmentTable>): Promise<boolean> {
  const inserted = await db
    .insertInto('attachments')
    .values(row)
    .$if(row.client_key !== null && row.client_key !== undefined, (q) => q.onConflict((oc) => oc.columns(['test_run_id', 'client_key']).where('client_key', 'is not', null).doNothing()))
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export function findAttachment(db: Db, workspaceId: number, id: string) {
  return db.selectFrom('attachments').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export function findAttachmentByKey(db: Db, runId: number, clientKey: string) {
  return db.selectFrom('attachments').selectAll().where('test_run_id', '=', runId).where('client_key', '=', clientKey).executeTakeFirst();
}

/** A case's attachments and its steps', by time, then name. */
export function attachmentsOfCase(db: Db, workspaceId: number, caseResultId: number) {
  return db.selectFrom('attachments').selectAll().where('workspace_id', '=', workspaceId).where('case_result_id', '=', caseResultId).orderBy('created_at').orderBy('name').execute();
}

/** Removes a run's attachment rows and returns their blob keys, for the blob store to remove after the commit. */
export async function deleteRunAttachments(db: Db, runIds: readonly number[]): Promise<string[]> {
  if (!runIds.length) return [];
  const rows = await db.selectFrom('attachments').select('blob_key').where('test_run_id', 'in', runIds).execute();
  await db.deleteFrom('attachments').where('test_run_id', 'in', runIds).execute();
  return rows.map((r) => r.blob_key);
}

/** Which of these blob keys have a row: the rest are orphans. */
export async function knownBlobKeys(db: Db, keys: readonly string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const rows = await db.selectFrom('attachments').select('blob_key').where('blob_key', 'in', keys).execute();
  return new Set(rows.map((r) => r.blob_key));
}

/** A case's attachments stay with the case when its step rows go (a retry replaced the attempt). */
export async function detachFromSteps(db: Db, caseResultId: number): Promise<void> {
  await db.updateTable('attachments').set({ step_result_id: null }).where('case_result_id', '=', caseResultId).execute();
}

/** A case row's attachments become the run's when the row goes (it turned out to be a suite). */
export async function detachFromCase(db: Db, caseResultId: number): Promise<void> {
  await db.updateTable('attachments').set({ case_result_id: null, step_result_id: null }).where('case_result_id', '=', caseResultId).execute();
}
