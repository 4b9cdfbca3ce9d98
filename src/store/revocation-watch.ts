/**
 * How a process learns that another one revoked a credential, so that it may keep keys it has checked
 * in memory and still refuse a revoked one on the next request (auth/key-cache.ts).
 *
 * - SQLite: `PRAGMA data_version` changes whenever another connection (the CLI, another process) commits
 *   to the file; it costs no table read. This process's own revocations bump a counter.
 * - PostgreSQL: a revocation sends `NOTIFY verdict_revocations` in its transaction; each process hears it
 *   on its one listening connection (pg-listener.ts, shared with run events). While that connection is
 *   down the watch says so (`live()` false) and the cache re-reads what it checked more than a few seconds
 *   ago; reconnecting counts as a change, since notifications may have been missed meanwhile.
 */
import { sql } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { Db, DialectTraits } from './dialect.js';
import type { PgListener } from './pg-listener.js';

const CHANNEL = 'verdict_revocations';

export interface RevocationWatch {
  /** Changes whenever a revocation may have happened since the last read. Cheap: read per request. */
  version(): number;
  /** False while the watch cannot hear other processes. */
  live(): boolean;
  /** This process revoked something (after the commit). */
  revokedHere(): void;
}

/** In the revoking transaction: tells the other processes on PostgreSQL (at commit). SQLite needs nothing. */
export async function announceRevocation(db: Db, traits: DialectTraits): Promise<void> {
  if (traits.name === 'postgres') await sql`select pg_notify(${CHANNEL}, '')`.execute(db);
}

export function sqliteRevocationWatch(raw: SQLite.Database): RevocationWatch {
  let local = 0;
  // Prepared once: asked on every request, and `raw.pragma()` would compile it each time.
  const dataVersion = raw.prepare('PRAGMA data_version').pluck();
  return {
    // data_version stays the same for this connection's own commits: those bump `local`.
    version: () => Number(dataVersion.get()) * 1_000_000 + local,
    live: () => true,
    revokedHere: () => void local++,
  };
}

export function postgresRevocationWatch(listener: PgListener): RevocationWatch {
  let version = 0;
  let started = false;
  // Each notification and each (re)connect count as a change: notifications sent meanwhile are lost.
  const change = () => void version++;
  return {
    version() {
      if (!started) {
        started = true;
        listener.listen(CHANNEL, { notified: change, listening: change });
      }
      return version;
    },
    live: () => listener.live(CHANNEL),
    revokedHere: change,
  };
}
