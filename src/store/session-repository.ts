/** Web UI sessions, by the SHA-256 of their id. A session counts only while its key is not revoked. */
import type { Db } from './dialect.js';

export async function insertSession(db: Db, row: { id_hash: string; workspace_id: number; api_key_id: number; created_at: number; expires_at: number }): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** The session with its workspace's name, when it has not expired and its key stands. */
export function findLiveSession(db: Db, idHash: string, now: number) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('api_keys as k', 'k.id', 's.api_key_id')
    .innerJoin('workspaces as w', 'w.id', 's.workspace_id')
    .select(['s.id_hash', 's.workspace_id', 's.created_at', 's.expires_at', 'w.name as workspace_name'])
    .where('s.id_hash', '=', idHash)
    .where('s.expires_at', '>', now)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function extendSession(db: Db, idHash: string, expiresAt: number): Promise<void> {
  await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<boolean> {
  const r = await db.deleteFrom('sessions').where('id_hash', '=', idHash).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function deleteExpiredSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

export function findWorkspaceName(db: Db, workspaceId: number) {
  return db.selectFrom('workspaces').select('name').where('id', '=', workspaceId).executeTakeFirst();
}
