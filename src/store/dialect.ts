/**
 * Everything that differs between SQLite and PostgreSQL lives here, behind one small interface.
 * The rest of the store is written once against Kysely.
 */
import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql, type LogEvent, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { postgresRevocationWatch, sqliteRevocationWatch, type RevocationWatch } from './revocation-watch.js';
import { pgListener, type PgListener } from './pg-listener.js';

export type Db = Kysely<Database> | Transaction<Database>;

/** Tables whose integer ids Verdict allocates itself (so a whole tree can be written in a few batched inserts). */
export const ID_TABLES = [
  'workspaces',
  'api_keys',
  'test_plans',
  'test_suites',
  'test_cases',
  'test_steps',
  'test_runs',
  'machine_results',
  'suite_results',
  'case_results',
  'metrics',
  'import_shards',
  'import_warnings',
  'run_events',
  'webhooks',
  'webhook_deliveries',
] as const;
export type IdTable = (typeof ID_TABLES)[number];

export interface DialectTraits {
  readonly name: 'sqlite' | 'postgres';
  /** Several server nodes may use the database at once (scheduled jobs then take turns: job-repository.ts). */
  readonly sharedByNodes: boolean;
  /** Most bound parameters one statement may carry. */
  readonly maxParameters: number;
  /** Creates whatever id allocation needs (PostgreSQL sequences); run by the first migration. */
  prepareIdAllocation(db: Kysely<unknown>): Promise<void>;
  /** `n` fresh ids for `table`, ascending. Call inside the writing transaction. */
  allocateIds(db: Db, table: IdTable, n: number): Promise<number[]>;
  /** After rows were written with fixed ids (seed/demo), move allocation past them. */
  syncIds(db: Db, table: IdTable, column?: string, source?: string): Promise<void>;
  /**
   * Writes many rows fast, in the caller's transaction: the hot path of every ingestion.
   * `rows` are value arrays in `columns` order. Column and table names come from code, never from input.
   */
  bulkInsert(db: Db, table: string, columns: readonly string[], rows: readonly unknown[][], options?: { skipConflicts?: boolean }): Promise<void>;
  /**
   * Gives the space of deleted rows back to the file system, outside any transaction; null where the
   * database keeps it for reuse (PostgreSQL: autovacuum reuses it; VACUUM FULL would give it back).
   */
  reclaimSpace(): Promise<SpaceReclaimed | null>;
}

export interface SpaceReclaimed {
  beforeBytes: number;
  afterBytes: number;
  how: 'incremental vacuum' | 'vacuum';
}

const range = (first: number, n: number) => Array.from({ length: n }, (_, i) => first + i);

/**
 * SQLite: ids come from a small counter table (one writer at a time, so no race). Bulk inserts go
 * straight to better-sqlite3 with cached multi-row prepared statements: the connection is the one
 * Kysely's transaction runs on, and better-sqlite3 is synchronous, so nothing interleaves.
 */
const sqliteTraits = (raw: SQLite.Database): DialectTraits => ({
  name: 'sqlite',
  sharedByNodes: false,
  async bulkInsert(_db, table, columns, rows, options) {
    if (!rows.length) return;
    const onConflict = options?.skipConflicts ? ' on conflict do nothing' : '';
    const perStatement = Math.max(1, Math.min(200, Math.floor(32_000 / columns.length)));
    const statementFor = (n: number) => {
      const key = `${table}|${columns.join(',')}|${n}|${onConflict}`;
      let statement = sqliteStatements.get(raw)?.get(key);
      if (!statement) {
        const tuple = `(${columns.map(() => '?').join(',')})`;
        statement = raw.prepare(`insert into "${table}" (${columns.map((c) => `"${c}"`).join(',')}) values ${Array.from({ length: n }, () => tuple).join(',')}${onConflict}`);
        if (!sqliteStatements.has(raw)) sqliteStatements.set(raw, new Map());
        sqliteStatements.get(raw)!.set(key, statement);
      }
      return statement;
    };
    for (let i = 0; i < rows.length; i += perStatement) {
      const part = rows.slice(i, i + perStatement);
      statementFor(part.length).run(part.flat());
    }
  },
  maxParameters: 32_000,
  async prepareIdAllocation(db) {
    await sql`create table if not exists id_counters (name text primary key, next_id integer not null)`.execute(db);
  },
  async allocateIds(db, table, n) {
    if (n === 0) return [];
    const row = await sql<{ next_id: number }>`
      insert into id_counters (name, next_id) values (${table}, ${n + 1})
      on conflict (name) do update set next_id = id_counters.next_id + ${n}
      returning next_id`.execute(db);
    const next = row.rows[0]!.next_id;
    return range(next - n, n);
  },
  async syncIds(db, table, column = 'id', source = table) {
    await sql`
      insert into id_counters (name, next_id)
      select ${table}, coalesce(max(${sql.ref(column)}), 0) + 1 from ${sql.table(source)} where true
      on conflict (name) do update set next_id = max(id_counters.next_id, excluded.next_id)`.execute(db);
  },
  async reclaimSpace() {
    const size = () => Number(raw.pragma('page_count', { simple: true })) * Number(raw.pragma('page_size', { simple: true }));
    const beforeBytes = size();
    // Files made since auto_vacuum was set at open give free pages back a little at a time; an older file
    // is rewritten once by VACUUM, which also turns it into one that can.
    const incremental = Number(raw.pragma('auto_vacuum', { simple: true })) === 2;
    if (incremental) raw.pragma('incremental_vacuum');
    else {
      raw.pragma('auto_vacuum = INCREMENTAL');
      raw.exec('VACUUM');
    }
    // In WAL mode the file is cut when the log is checkpointed.
    raw.pragma('wal_checkpoint(TRUNCATE)');
    return { beforeBytes, afterBytes: size(), how: incremental ? 'incremental vacuum' : 'vacuum' };
  },
});

const sqliteStatements = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/**
 * PostgreSQL: one sequence per table; nextval never blocks concurrent writers. Bulk inserts send one JSON
 * parameter per statement and let json_populate_recordset type it by the table's own columns, which
 * is much cheaper than thousands of bound parameters.
 */
const postgresTraits: DialectTraits = {
  name: 'postgres',
  sharedByNodes: true,
  async bulkInsert(db, table, columns, rows, options) {
    const list = sql.join(columns.map((c) => sql.ref(c)));
    const onConflict = options?.skipConflicts ? sql` on conflict do nothing` : sql``;
    for (let i = 0; i < rows.length; i += 5000) {
      const records = rows.slice(i, i + 5000).map((r) => Object.fromEntries(columns.map((c, j) => [c, r[j]])));
      await sql`insert into ${sql.table(table)} (${list}) select ${list} from json_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(records)}::json)${onConflict}`.execute(db);
    }
  },
  maxParameters: 65_000,
  async prepareIdAllocation(db) {
    for (const table of ID_TABLES) await sql`create sequence if not exists ${sql.id(`${table}_id_seq`)}`.execute(db);
  },
  async allocateIds(db, table, n) {
    if (n === 0) return [];
    const seq = `${table}_id_seq`;
    const r = await sql<{ id: string }>`select nextval(${seq}) as id from generate_series(1, ${n})`.execute(db);
    return r.rows.map((row) => Number(row.id)).sort((a, b) => a - b);
  },
  async syncIds(db, table, column = 'id', source = table) {
    const seq = `${table}_id_seq`;
    await sql`select setval(${seq}, greatest((select coalesce(max(${sql.ref(column)}), 0) from ${sql.table(source)}), (select last_value from ${sql.table(seq)})))`.execute(db);
  },
  async reclaimSpace() {
    return null;
  },
};

/**
 * Kysely prepares every query anew; on SQLite, preparing costs more than running a point read. Statements
 * are reusable, so keep the most recent ones by SQL text (bounded: `in (?, ?...)` lists vary in length).
 */
function withStatementCache(sqlite: SQLite.Database, max = 1000) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      let statement = cache.get(text);
      if (statement) {
        cache.delete(text);
      } else {
        statement = sqlite.prepare(text);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

export interface DatabaseConfig {
  /** PostgreSQL connection string; when absent, SQLite at `sqlitePath`. */
  databaseUrl?: string;
  sqlitePath?: string;
}

export interface Store {
  db: Kysely<Database>;
  traits: DialectTraits;
  close(): Promise<void>;
  /** PostgreSQL's pool figures, for the operators' metrics; SQLite has no pool. */
  pool?(): { total: number; idle: number; waiting: number };
  /** Learns of credentials revoked by other processes (revocation-watch.ts); PostgreSQL listens from the first read. */
  revocations: RevocationWatch;
  /**
   * PostgreSQL: the process's one LISTEN connection (pg-listener.ts), opened at the first `listen`, through
   * which it hears other processes' revocations and run events. SQLite has none: one process writes.
   */
  listener?: PgListener;
}

/** `onQuery`: every statement as sent (SQL and parameters), for benches that replay exactly what a request ran. */
export interface StoreOptions {
  onQuery?: (sql: string, parameters: readonly unknown[]) => void;
}

export function openStore(config: DatabaseConfig, options: StoreOptions = {}): Store {
  const log = options.onQuery ? (event: LogEvent) => options.onQuery!(event.query.sql, event.query.parameters) : undefined;
  if (config.databaseUrl) {
    // int8 (counts, epoch-ms times) as JS numbers: all our values are well inside 2^53.
    pg.types.setTypeParser(20, (v) => Number(v));
    // Fail fast when the database is away, so requests get a quick 503 instead of hanging; and never let
    // an idle connection's error (the server restarting) crash the process: the pool reconnects by itself.
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000 });
    pool.on('error', () => {});
    // A connection that dies while checked out (the server restarting mid-transaction) also emits 'error' on
    // its client: without a listener that would end the process. Its query is rejected and answered as 503.
    pool.on('connect', (client) => client.on('error', () => {}));
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
    const listener = pgListener(config.databaseUrl);
    return {
      db,
      traits: postgresTraits,
      revocations: postgresRevocationWatch(listener),
      listener,
      close: async () => {
        await listener.close();
        await db.destroy();
      },
      pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    };
  }
  const path = config.sqlitePath ?? './data/verdict.db';
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // Before the first table: a new file can then give deleted rows' space back (retention's prune).
  sqlite.pragma('auto_vacuum = INCREMENTAL');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // A 16 MB page cache: bulk inserts touch many index pages; the default 2 MB makes them re-read pages; more buys little and shows in the RSS.
  sqlite.pragma('cache_size = -16384');
  sqlite.pragma('temp_store = memory');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }), log });
  return { db, traits: sqliteTraits(sqlite), revocations: sqliteRevocationWatch(sqlite), close: () => db.destroy() };
}
