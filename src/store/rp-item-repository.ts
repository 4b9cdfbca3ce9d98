/**
 * ReportPortal's item tree (rp_items): launches, items and logs by UUID, with the Verdict rows each wrote.
 * Plain functions over the caller's transaction; the mapping's rules are in ingest/reportportal/.
 */
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from './dialect.js';
import type { RpItemKind, RpItemTable } from './schema.js';

export type RpItemRow = Selectable<RpItemTable>;

/** Inserts the item; false when its UUID is stored already (a resent start or log). */
export async function insertRpItem(db: Db, row: Insertable<RpItemTable>): Promise<boolean> {
  const r = await db.insertInto('rp_items').values(row).onConflict((oc) => oc.columns(['workspace_id', 'uuid']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export function findRpItem(db: Db, workspaceId: number, uuid: string): Promise<RpItemRow | undefined> {
  return db.selectFrom('rp_items').selectAll().where('workspace_id', '=', workspaceId).where('uuid', '=', uuid).executeTakeFirst();
}

/**
 * Writes to the launch's row first thing in a unit of work: on PostgreSQL that locks it until the commit,
 * so one launch's requests are applied one after another, as on SQLite. Returns whether the row exists.
 */
export async function touchRpItem(db: Db, workspaceId: number, uuid: string, now: number): Promise<boolean> {
  const r = await db.updateTable('rp_items').set({ updated_at: now }).where('workspace_id', '=', workspaceId).where('uuid', '=', uuid).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function updateRpItem(db: Db, workspaceId: number, uuid: string, set: Updateable<RpItemTable>): Promise<void> {
  await db.updateTable('rp_items').set(set).where('workspace_id', '=', workspaceId).where('uuid', '=', uuid).execute();
}

/** An unfinished item (or launch) started with this body hash: the same start, resent. */
export function findUnfinishedByStartHash(db: Db, workspaceId: number, kind: 'launch' | 'item', hash: string) {
  return db
    .selectFrom('rp_items')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('start_hash', '=', hash)
    .where('finished', '=', 0)
    .where('kind', kind === 'launch' ? '=' : '!=', 'launch')
    .executeTakeFirst();
}

/** Case attempts under one parent with one test key, latest first: where a retry joins. */
export function findCaseAttempts(db: Db, workspaceId: number, launchUuid: string, parentUuid: string | null, testKey: string) {
  return db
    .selectFrom('rp_items')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('launch_uuid', '=', launchUuid)
    .where((eb) => (parentUuid === null ? eb('parent_uuid', 'is', null) : eb('parent_uuid', '=', parentUuid)))
    .where('kind', '=', 'case')
    .where('test_key', '=', testKey)
    .orderBy('attempt', 'desc')
    .execute();
}

/** Items that wrote into a case row, of the given kinds. */
export function itemsOfCase(db: Db, caseResultId: number, kinds: readonly RpItemKind[]) {
  return db.selectFrom('rp_items').selectAll().where('case_result_id', '=', caseResultId).where('kind', 'in', kinds).execute();
}

/** The case's steps (or all its items) lose their rows: they stay known by UUID and write nothing more. */
export async function detachItemsOfCase(db: Db, caseResultId: number, kinds: readonly RpItemKind[], now: number): Promise<void> {
  await db.updateTable('rp_items').set({ kind: 'detached', case_result_id: null, verdict_key: null, updated_at: now }).where('case_result_id', '=', caseResultId).where('kind', 'in', kinds).execute();
}

/** A workspace's launches, newest first, optionally only those with the given UUIDs. */
export function findLaunches(db: Db, workspaceId: number, options: { uuids?: readonly string[]; offset: number; limit: number }) {
  return db
    .selectFrom('rp_items')
    .select(['uuid', 'test_run_id', 'name', 'finished'])
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'launch')
    .$if(options.uuids !== undefined, (q) => q.where('uuid', 'in', options.uuids!.length ? [...options.uuids!] : ['']))
    .orderBy('created_at', 'desc')
    .orderBy('uuid')
    .offset(options.offset)
    .limit(options.limit)
    .execute();
}

export async function countLaunches(db: Db, workspaceId: number, uuids?: readonly string[]): Promise<number> {
  const row = await db
    .selectFrom('rp_items')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', 'launch')
    .$if(uuids !== undefined, (q) => q.where('uuid', 'in', uuids!.length ? [...uuids!] : ['']))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
