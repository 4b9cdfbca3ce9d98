/**
 * How a process learns that another one revoked a credential, so that it may keep keys it has checked
 * in memory and still refuse a revoked one on the next request (auth/key-cache.ts).
 *
 * - SQLite: `PRAGMA data_version` changes whenever another connection (the CLI, another process) commits
 *   to the file; it costs no table read. This process's own revocations bump a counter.
 * - PostgreSQL: a revocation sends `NOTIFY verdict_revocations` in its transaction; each process listens
 *   on a connection of its own. While that connection is down the watch says so (`live()` false) and the
 *   cache re-reads what it checked more than a few seconds ago; reconnecting counts as a change, since
 *   notifications may have been missed meanwhile.
 */
import { sql } from 'kysely';
import type SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Db, DialectTraits } from './dialect.js';

const CHANNEL = 'verdict_revocations';

export interface RevocationWatch {
  /** Changes whenever a revocation may have happened since the last read. Cheap: read per request. */
  version(): number;
  /** False while the watch cannot hear other processes. */
  live(): boolean;
  /** This process revoked something (after the commit). */
  revokedHere(): void;
  close(): Promise<void>;
}

/** In the revoking transaction: tells the other processes on PostgreSQL (at commit). SQLite needs nothing. */
export async function announceRevocation(db: Db, traits: DialectTraits): Promise<void> {
  if (traits.name === 'postgres') await sql`select pg_notify(${CHANNEL}, '')`.execute(db);
}

export function sqliteRevocationWatch(raw: SQLite.Database): RevocationWatch {
  let local = 0;
  return {
    // data_version stays the same for this connection's own commits: those bump `local`.
    version: () => Number(raw.pragma('data_version', { simple: true })) * 1_000_000 + local,
    live: () => true,
    revokedHere: () => void local++,
    close: async () => {},
  };
}

export function postgresRevocationWatch(connectionString: string): RevocationWatch {
  let version = 0;
  let live = false;
  let closed = false;
  let client: pg.Client | undefined;
  let retryMs = 500;
  let timer: NodeJS.Timeout | undefined;

  const connect = async () => {
    const c = new pg.Client({ connectionString, connectionTimeoutMillis: 3000 });
    c.on('notification', () => void version++);
    const lost = () => {
      if (client !== c) return;
      live = false;
      client = undefined;
      void c.end().catch(() => {});
      if (!closed) timer = setTimeout(() => void connect(), retryMs).unref();
      retryMs = Math.min(retryMs * 2, 30_000);
    };
    c.on('error', lost);
    c.on('end', lost);
    client = c;
    try {
      await c.connect();
      await c.query(`listen ${CHANNEL}`);
      if (closed) return void (await c.end());
      live = true;
      retryMs = 500;
      version++; // whatever was announced while nobody listened
    } catch {
      lost();
    }
  };

  let started = false;
  return {
    version() {
      if (!started) {
        started = true;
        void connect();
      }
      return version;
    },
    live: () => live,
    revokedHere: () => void version++,
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = undefined;
      live = false;
      await c?.end().catch(() => {});
    },
  };
}
