/**
 * Web UI sessions: signing in with an API key starts one, held by the browser in an HttpOnly cookie
 * (http/session-cookie.ts) and shared by its tabs. The id is a secret like a key: 32 random bytes, shown
 * once (in the Set-Cookie), stored only as its SHA-256, never logged.
 *
 * Expiry slides: each use moves `expires_at` to now + idle, never past sign-in + max. The write is skipped
 * while the session was extended less than a minute ago, so a busy page does not write on every request.
 * Sign-out deletes the row; revoking the key that started a session ends it too (the lookup joins the key).
 *
 * @example
 *   const { id } = await startSession(store, { keyId, workspaceId }, now, policy); // id goes in the cookie
 *   const session = await resumeSession(store, id, now, policy);                   // undefined once ended
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../store/dialect.js';
import { deleteExpiredSessions, deleteSession, extendSession, findLiveSession, insertSession } from '../store/session-repository.js';

export interface SessionPolicy {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, however much it is used. */
  maxMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 7 * 24 * 3_600_000, maxMs: 30 * 24 * 3_600_000 };

/** Extending a session sooner than this after the last extension is not worth a write. */
const EXTEND_EVERY_MS = 60_000;

export interface Session {
  idHash: string;
  workspaceId: number;
  workspaceName: string;
  /** When it ends if not used again (epoch ms). */
  expiresAt: number;
  /** When it ends however much it is used. */
  endsAt: number;
}

export const hashSessionId = (id: string) => createHash('sha256').update(id, 'utf8').digest('hex');

export async function startSession(store: Store, key: { keyId: number; workspaceId: number }, now: number, policy: SessionPolicy): Promise<{ id: string; expiresAt: number; endsAt: number }> {
  const id = randomBytes(32).toString('base64url');
  const expiresAt = now + Math.min(policy.idleMs, policy.maxMs);
  // Ended sessions are swept here, the one moment sessions are written anyway.
  await deleteExpiredSessions(store.db, now);
  await insertSession(store.db, { id_hash: hashSessionId(id), workspace_id: key.workspaceId, api_key_id: key.keyId, created_at: now, expires_at: expiresAt });
  return { id, expiresAt, endsAt: now + policy.maxMs };
}

/** The live session the presented id names, extended by this use; undefined when unknown or ended. */
export async function resumeSession(store: Store, presented: string, now: number, policy: SessionPolicy): Promise<Session | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(presented)) return undefined;
  const idHash = hashSessionId(presented);
  const row = await findLiveSession(store.db, idHash, now);
  if (!row) return undefined;
  const endsAt = Number(row.created_at) + policy.maxMs;
  if (endsAt <= now) return undefined;
  let expiresAt = Number(row.expires_at);
  const wanted = Math.min(now + policy.idleMs, endsAt);
  if (wanted - expiresAt >= EXTEND_EVERY_MS) {
    await extendSession(store.db, idHash, wanted);
    expiresAt = wanted;
  }
  return { idHash, workspaceId: row.workspace_id, workspaceName: row.workspace_name, expiresAt, endsAt };
}

export async function endSession(store: Store, idHash: string): Promise<boolean> {
  return deleteSession(store.db, idHash);
}

/** Whether the session is still live, without extending it (an open event stream is not a use). */
export async function sessionStands(store: Store, idHash: string, now: number): Promise<boolean> {
  return (await findLiveSession(store.db, idHash, now)) !== undefined;
}
