/**
 * API keys checked once, then kept in memory, so a request does not read the key from the database
 * every time; a revoked key is still refused on the next request, because the cache is emptied whenever
 * the store's revocation watch says another process (or this one) may have revoked one
 * (store/revocation-watch.ts). While the watch cannot hear other processes (PostgreSQL's listening
 * connection down), a key checked more than STALE_MS ago is checked again: that is the only staleness.
 *
 * Unknown keys are never kept: a key made by another process works at once. Entries are keyed by the
 * key's SHA-256, never the key.
 */
import type { Store } from '../store/dialect.js';
import { hashKey, keyByHash } from './api-keys.js';

export const STALE_MS = 5_000;
const MAX_ENTRIES = 10_000;

export type KeyAuthenticator = (presented: string | undefined) => Promise<{ keyId: number; workspaceId: number } | undefined>;

export function cachedKeyAuthenticator(store: Store, clock: () => number = Date.now): KeyAuthenticator {
  const checked = new Map<string, { keyId: number; workspaceId: number; at: number }>();
  let seen = store.revocations.version();
  return async (presented) => {
    if (!presented || presented.length > 512) return undefined;
    const version = store.revocations.version();
    if (version !== seen) {
      checked.clear();
      seen = version;
    }
    const hash = hashKey(presented);
    const now = clock();
    const hit = checked.get(hash);
    if (hit && (store.revocations.live() || now - hit.at < STALE_MS)) return { keyId: hit.keyId, workspaceId: hit.workspaceId };
    const found = await keyByHash(store, hash);
    // A revocation announced while the key was being read must not be cached over.
    if (found && store.revocations.version() === seen) {
      if (checked.size >= MAX_ENTRIES) checked.clear();
      checked.set(hash, { ...found, at: now });
    }
    return found;
  };
}
