/**
 * API keys: opaque random strings shown once at creation, stored only as a SHA-256 hash, scoped to one
 * workspace. A presented key is hashed and looked up; the hash comparison is constant-time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '../store/dialect.js';
import { ensureWorkspace, findActiveKeyByHash, insertApiKey } from '../store/workspace-repository.js';

const KEY_PREFIX = 'vdt_';

export function hashKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function generateKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

export async function createApiKey(store: Store, workspaceName: string, name: string, now: number): Promise<{ id: number; key: string; workspaceId: number }> {
  return store.db.transaction().execute(async (trx) => {
    const workspaceId = await ensureWorkspace(trx, store.traits, workspaceName, now);
    const key = generateKey();
    const id = await insertApiKey(trx, store.traits, { workspace_id: workspaceId, name, key_hash: hashKey(key), key_prefix: key.slice(0, 10), created_at: now });
    return { id, key, workspaceId };
  });
}

/** The workspace a key belongs to, or undefined for a missing, unknown or revoked key. */
export async function authenticate(store: Store, presented: string | undefined): Promise<number | undefined> {
  return (await authenticateKey(store, presented))?.workspaceId;
}

/** The key's id and workspace (a session remembers which key started it), or undefined. */
export async function authenticateKey(store: Store, presented: string | undefined): Promise<{ keyId: number; workspaceId: number } | undefined> {
  if (!presented || presented.length > 512) return undefined;
  const hash = hashKey(presented);
  const row = await findActiveKeyByHash(store.db, hash);
  if (!row) return undefined;
  return timingSafeEqual(Buffer.from(row.key_hash, 'hex'), Buffer.from(hash, 'hex')) ? { keyId: row.id, workspaceId: row.workspace_id } : undefined;
}
