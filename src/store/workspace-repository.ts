import type { Db, DialectTraits } from './dialect.js';

export async function ensureWorkspace(db: Db, traits: DialectTraits, name: string, now: number): Promise<number> {
  const existing = await db.selectFrom('workspaces').select('id').where('name', '=', name).executeTakeFirst();
  if (existing) return existing.id;
  const [id] = await traits.allocateIds(db, 'workspaces', 1);
  await db.insertInto('workspaces').values({ id: id!, name, created_at: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('workspaces').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

export function findWorkspaceByName(db: Db, name: string) {
  return db.selectFrom('workspaces').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertApiKey(db: Db, traits: DialectTraits, row: { workspace_id: number; name: string; key_hash: string; key_prefix: string; created_at: number }): Promise<number> {
  const [id] = await traits.allocateIds(db, 'api_keys', 1);
  await db.insertInto('api_keys').values({ id: id!, ...row, revoked_at: null, last_used_at: null } as never).execute();
  return id!;
}

export function findActiveKeyByHash(db: Db, keyHash: string) {
  return db.selectFrom('api_keys').select(['id', 'workspace_id', 'key_hash']).where('key_hash', '=', keyHash).where('revoked_at', 'is', null).executeTakeFirst();
}

export function listApiKeys(db: Db, workspaceId?: number) {
  return db
    .selectFrom('api_keys as k')
    .innerJoin('workspaces as w', 'w.id', 'k.workspace_id')
    .select(['k.id', 'k.name', 'k.key_prefix', 'k.created_at', 'k.revoked_at', 'k.last_used_at', 'w.name as workspace'])
    .$if(workspaceId !== undefined, (q) => q.where('k.workspace_id', '=', workspaceId!))
    .orderBy('k.id')
    .execute();
}

export async function revokeApiKey(db: Db, id: number, now: number): Promise<boolean> {
  const r = await db.updateTable('api_keys').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export function findWorkspaceById(db: Db, id: number) {
  return db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findActiveKeyById(db: Db, id: number) {
  return db.selectFrom('api_keys').select('id').where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
}
