/** Quarantined tests of a workspace. Active means `until` is unset or later than now. */
import type { Db } from './dialect.js';

export async function putQuarantine(db: Db, row: { workspace_id: number; test_case_id: number; reason: string; until: number | null; now: number }): Promise<void> {
  await db
    .insertInto('quarantines')
    .values({ workspace_id: row.workspace_id, test_case_id: row.test_case_id, reason: row.reason, until: row.until, created_at: row.now, updated_at: row.now })
    .onConflict((oc) => oc.columns(['workspace_id', 'test_case_id']).doUpdateSet({ reason: row.reason, until: row.until, updated_at: row.now }))
    .execute();
}

export async function deleteQuarantine(db: Db, workspaceId: number, testCaseId: number): Promise<boolean> {
  const r = await db.deleteFrom('quarantines').where('workspace_id', '=', workspaceId).where('test_case_id', '=', testCaseId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** With the test's name; `activeAt` keeps only those in force then. */
export function listQuarantines(db: Db, workspaceId: number, activeAt?: number, testCaseId?: number) {
  return db
    .selectFrom('quarantines as q')
    .innerJoin('test_cases as t', 't.id', 'q.test_case_id')
    .select(['q.test_case_id', 't.name', 'q.reason', 'q.until', 'q.created_at', 'q.updated_at'])
    .where('q.workspace_id', '=', workspaceId)
    .$if(activeAt !== undefined, (qb) => qb.where((eb) => eb.or([eb('q.until', 'is', null), eb('q.until', '>', activeAt!)])))
    .$if(testCaseId !== undefined, (qb) => qb.where('q.test_case_id', '=', testCaseId!))
    .orderBy('t.name')
    .execute();
}

export function findTestCaseById(db: Db, workspaceId: number, testCaseId: number) {
  return db.selectFrom('test_cases').select(['id', 'name', 'identity']).where('workspace_id', '=', workspaceId).where('id', '=', testCaseId).executeTakeFirst();
}
