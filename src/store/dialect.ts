/**
 * Everything that differs between SQLite and PostgreSQL lives here, behind one small interface.
 * The rest of the store is written once against Kysely.
 */
import SQLite from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

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
] as const;
export type IdTable = (typeof ID_TABLES)[number];

export interface DialectTraits {
  readonly name: 'sqlite' | 'postgres';
  /** Most bound parameters one statement may carry. */
  readonly maxParameters: number;
  /** Creates whatever id allocation needs (PostgreSQL sequences); run by the first migration. */
  prepareIdAllocation(db: Kysely<unknown>): Promise<void>;
  /** `n` fresh ids for `table`, ascending. Call inside the writing transaction. */
  allocateIds(db: Db, table: IdTable, n: number): Promise<number[]>;
  /** After rows were written with fixed ids (seed/demo), move allocation past them. */
  syncIds(db: Db, table: IdTable, column?: string, source?: string): Promise<void>;
}

const range = (first: number, n: number) => Array.from({ length: n }, (_, i) => first + i);

/**
 * SQLite has one writer at a time, and Kysely's driver serialises transactions on one connection, so the
 * highest id so far plus one is safe. `metrics` ids come from a small counter table.
 */
const sqliteTraits: DialectTraits = {
  name: 'sqlite',
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
};

/** PostgreSQL: one sequence per table; nextval never blocks concurrent writers. */
const postgresTraits: DialectTraits = {
  name: 'postgres',
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
};

export interface DatabaseConfig {
  /** PostgreSQL connection string; when absent, SQLite at `sqlitePath`. */
  databaseUrl?: string;
  sqlitePath?: string;
}

export interface Store {
  db: Kysely<Database>;
  traits: DialectTraits;
  close(): Promise<void>;
}

export function openStore(config: DatabaseConfig): Store {
  if (config.databaseUrl) {
    // int8 (counts, epoch-ms times) as JS numbers: all our values are well inside 2^53.
    pg.types.setTypeParser(20, (v) => Number(v));
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, traits: postgresTraits, close: () => db.destroy() };
  }
  const path = config.sqlitePath ?? './data/verdict.db';
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { db, traits: sqliteTraits, close: () => db.destroy() };
}
