/**
 * Pages of result rows for the list routes: one generic two-step query, then the rows of one page.
 *
 * Step 1 selects only the ids of the page (scope + filter + ORDER BY + LIMIT/OFFSET) and counts the
 * matches; both are answered from an index where one fits, so skipping the 500,000 rows before page
 * 10,000 touches index entries, never the wide rows. Step 2 fetches the full rows of those ids
 * (the "deferred join"). Figures: bench/list-latency.bench.ts.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Where } from '../query/index.js';
import type { Db } from './dialect.js';
import { notIndexed } from './query-pieces.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnySelect = SelectQueryBuilder<any, any, any>;

/** Tables a list field may need joined (http/list-fields.ts names them). */
export type JoinName = 'p' | 'cs' | 'cm' | 'sm';

export type ListLevel = 'runs' | 'machines' | 'suites' | 'cases' | 'steps';

const FROM: Record<ListLevel, { table: string; alias: string }> = {
  runs: { table: 'test_runs', alias: 'r' },
  machines: { table: 'machine_results', alias: 'm' },
  suites: { table: 'suite_results', alias: 's' },
  cases: { table: 'case_results', alias: 'c' },
  steps: { table: 'step_results', alias: 'st' },
};

const JOINS: Record<JoinName, (qb: AnySelect) => AnySelect> = {
  p: (qb) => qb.innerJoin('test_plans as p', 'p.id', 'r.test_plan_id'),
  cs: (qb) => qb.innerJoin('suite_results as cs', 'cs.id', 'c.suite_result_id'),
  cm: (qb) => qb.innerJoin('machine_results as cm', 'cm.id', 'c.machine_result_id'),
  sm: (qb) => qb.innerJoin('machine_results as sm', 'sm.id', 's.machine_result_id'),
};

export interface OrderTerm {
  readonly column: string;
  readonly direction: 'asc' | 'desc';
  /** NULL placement is written out only for nullable columns: on a NOT NULL column it would cost SQLite its index order. */
  readonly nullable?: boolean;
}

export interface IdPageRequest {
  /** The scope that is always applied: workspace, run or case (built by the caller from trusted ids). */
  readonly scope: Where;
  readonly filter: Where;
  /** Extra tables the filter or sort reads. */
  readonly joins: readonly JoinName[];
  /** Ends with a unique column, so the order is total and pages never overlap. */
  readonly orderBy: readonly OrderTerm[];
  readonly limit: number;
  readonly offset: number;
}

/**
 * The two queries of a page: the ids (ORDER BY, LIMIT, OFFSET) and the count of all matches. NULLs sort
 * as larger than any value (PostgreSQL's default; written out so SQLite agrees).
 */
export function idPageQueries(db: Db, level: ListLevel, request: IdPageRequest) {
  const { table, alias } = FROM[level];
  let base = (db as unknown as Kysely<any>).selectFrom(`${table} as ${alias}`);
  for (const join of new Set(request.joins)) base = JOINS[join](base);
  base = base.where(request.scope).where(request.filter);

  let ids = base.select(`${alias}.id as id`);
  for (const { column, direction, nullable } of request.orderBy) {
    if (!nullable) ids = ids.orderBy(column, direction);
    else ids = ids.orderBy(column, (ob) => (direction === 'asc' ? ob.asc().nullsLast() : ob.desc().nullsFirst()));
  }
  return { ids: ids.limit(request.limit).offset(request.offset), count: base.select((eb) => eb.fn.countAll().as('n')) };
}

/** The ids of one page, in order, and how many rows match in all. */
export async function pageOfIds<Id extends number | string>(db: Db, level: ListLevel, request: IdPageRequest): Promise<{ ids: Id[]; total: number }> {
  const queries = idPageQueries(db, level, request);
  const [rows, count] = await Promise.all([queries.ids.execute(), queries.count.executeTakeFirstOrThrow()]);
  return { ids: rows.map((row) => row.id as Id), total: Number(count.n) };
}

/** Rows in the order of `ids` (the page order); ids that vanished meanwhile are skipped. */
function inOrder<T extends { id: unknown }>(ids: readonly unknown[], rows: T[]): T[] {
  const byId = new Map(rows.map((row) => [String(row.id), row]));
  return ids.map((id) => byId.get(String(id))).filter((row): row is T => row !== undefined);
}

export async function runsByIds(db: Db, workspaceId: number, ids: readonly number[]) {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('test_runs as r')
    .innerJoin('test_plans as p', 'p.id', 'r.test_plan_id')
    .selectAll('r')
    .select('p.name as plan_name')
    .where(notIndexed('r.workspace_id'), '=', workspaceId)
    .where('r.id', 'in', [...ids])
    .execute();
  return inOrder(ids, rows);
}

export async function machinesByIds(db: Db, workspaceId: number, ids: readonly number[]) {
  if (!ids.length) return [];
  const rows = await db.selectFrom('machine_results').selectAll().where(notIndexed('workspace_id'), '=', workspaceId).where('id', 'in', [...ids]).execute();
  return inOrder(ids, rows);
}

export async function suitesByIds(db: Db, workspaceId: number, ids: readonly number[]) {
  if (!ids.length) return [];
  const rows = await db.selectFrom('suite_results').selectAll().where(notIndexed('workspace_id'), '=', workspaceId).where('id', 'in', [...ids]).execute();
  return inOrder(ids, rows);
}

export async function casesByIds(db: Db, workspaceId: number, ids: readonly number[]) {
  if (!ids.length) return [];
  const rows = await db.selectFrom('case_results').selectAll().where(notIndexed('workspace_id'), '=', workspaceId).where('id', 'in', [...ids]).execute();
  return inOrder(ids, rows);
}

export async function stepsByIds(db: Db, workspaceId: number, ids: readonly string[]) {
  if (!ids.length) return [];
  const rows = await db.selectFrom('step_results').selectAll().where(notIndexed('workspace_id'), '=', workspaceId).where('id', 'in', [...ids]).execute();
  return inOrder(ids, rows);
}
