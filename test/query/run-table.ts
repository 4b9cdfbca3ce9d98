import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { FieldTable, Where } from '../../src/query/index.js';

/** A small table with one column of each field type, named like the real ones. */
export const RUN_FIELDS = {
  id: { column: 'r.id', type: 'number' },
  name: { column: 'r.name', type: 'string' },
  buildNo: { column: 'r.build_no', type: 'string', nullable: true },
  result: {
    column: 'r.result',
    type: 'enum',
    values: ['SUCCESS', 'FAILURE', 'ABORTED', 'NOT_EXECUTED', 'QUEUED', 'STOPPED'],
    aliases: { PASSED: 'SUCCESS', FAILED: 'FAILURE' },
  },
  triggeredType: { column: 'r.triggered_type', type: 'enum', values: ['MANUAL', 'SCHEDULED', 'API'], nullable: true },
  duration: { column: 'r.duration', type: 'number', nullable: true },
  startTime: { column: 'r.start_time', type: 'datetime', nullable: true },
  isFlaky: { column: 'r.is_flaky', type: 'boolean' },
} as const satisfies FieldTable;

export interface RunRow {
  id: number;
  name: string;
  build_no: string | null;
  result: string;
  triggered_type: string | null;
  duration: number | null;
  start_time: number | null;
  is_flaky: 0 | 1;
}

const at = (iso: string) => Date.parse(iso);

export const RUNS: RunRow[] = [
  { id: 1, name: 'Login works', build_no: 'v1.0-rc1', result: 'SUCCESS', triggered_type: 'API', duration: 1000, start_time: at('2024-05-28T10:00:00Z'), is_flaky: 0 },
  { id: 2, name: 'Logout', build_no: 'v1.0-rc2', result: 'FAILURE', triggered_type: 'MANUAL', duration: 2500, start_time: at('2024-05-29T07:29:19.250Z'), is_flaky: 1 },
  { id: 3, name: 'Search 100% done', build_no: 'v1.0', result: 'ABORTED', triggered_type: 'SCHEDULED', duration: null, start_time: at('2024-05-29T23:59:59.999Z'), is_flaky: 0 },
  { id: 4, name: 'under_score \\ back', build_no: null, result: 'NOT_EXECUTED', triggered_type: null, duration: 0, start_time: null, is_flaky: 0 },
  { id: 5, name: "O'Brien café", build_no: 'v2.0', result: 'SUCCESS', triggered_type: 'API', duration: 40000, start_time: at('2024-06-01T00:00:00Z'), is_flaky: 1 },
];

export interface TestDatabase {
  readonly db: Kysely<any>;
  readonly table: string;
}

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (as in CI). */
export function testDatabases(): { name: string; open: () => TestDatabase }[] {
  const sqlite = {
    name: 'sqlite',
    open: () => ({
      db: new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) }),
      table: 'run',
    }),
  };
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return [sqlite];
  const postgres = {
    name: 'postgres',
    open: () => ({
      db: new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }) }),
      table: `query_test_run_${process.pid}_${Math.floor(Math.random() * 1e9)}`,
    }),
  };
  return [sqlite, postgres];
}

export async function createRunTable(db: Kysely<any>, table: string, rows: readonly RunRow[] = RUNS): Promise<void> {
  await db.schema
    .createTable(table)
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('build_no', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('triggered_type', 'text')
    .addColumn('duration', 'bigint')
    .addColumn('start_time', 'bigint')
    .addColumn('is_flaky', 'integer', (c) => c.notNull())
    .execute();
  if (rows.length > 0) await db.insertInto(table).values(rows).execute();
}

export async function dropRunTable(db: Kysely<any>, table: string): Promise<void> {
  await db.schema.dropTable(table).ifExists().execute();
}

/** Ids of the rows a condition selects, in id order. */
export async function selectIds(db: Kysely<any>, table: string, where: Where): Promise<number[]> {
  const rows = await db.selectFrom(`${table} as r`).select('r.id').where(where).orderBy('r.id').execute();
  return rows.map((row) => Number(row.id));
}

export async function countRows(db: Kysely<any>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0].n);
}
