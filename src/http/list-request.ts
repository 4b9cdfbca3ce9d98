/**
 * From a list route's query string to what the store needs: the compiled filter, the joins it reads,
 * the ORDER BY and the page. A bad query or sort is a 400 (INVALID_QUERY with the span and the detailed
 * `reason`, or INVALID_SORT); nothing a client sends here can make the route answer 500.
 */
import { Type } from 'typebox';
import { VerdictError } from '../core/errors.js';
import { compileQuery, parsePaging, parseQuery, type Direction, type SortOrder, type Where } from '../query/index.js';
import { sortableOf, type JoinName, type ListFields } from './list-fields.js';
import type { IdPageRequest, OrderTerm } from '../store/list-repository.js';

/** The query string every list route takes (documented in OpenAPI). */
export const ListQuerySchema = Type.Object({
  query: Type.Optional(
    Type.String({
      description:
        'Filter in the Testsigma query language: clauses `field op value` joined by `,` (AND); operators `: ! > < ~ @ ; $`, ' +
        '`#` between list items, `:x*` / `:*x` / `:*x*`, `:null` / `!null`, `ts_*` escapes; PASSED/FAILED alias SUCCESS/FAILURE. ' +
        'A query that cannot be understood is a 400 with the position of the problem. The language and the fields of each level: docs/query-language.md.',
      examples: ['result:PASSED', 'testPlanId:420,result:PASSED', 'result@FAILURE#ABORTED,startTime>2024-05-29', 'result:FAILURE,testCaseName:*login*'],
    }),
  ),
  page: Type.Optional(Type.String({ description: '0-based page number (negative or invalid: 0)', examples: ['0'] })),
  size: Type.Optional(Type.String({ description: 'Page size, 1..2000 (larger: 2000; invalid: the default, 50, or 100 for step results)', examples: ['50'] })),
  sort: Type.Optional(
    Type.Array(Type.String(), {
      description: '`prop[,prop…][,asc|desc]`, repeatable (`sort=startTime,desc&sort=id`). Any filterable field except long text. Rows are always finally ordered by id.',
      examples: [['id,desc']],
    }),
  ),
  sortBy: Type.Optional(Type.String({ description: 'Alternative to `sort`: one property', examples: ['id'] })),
  direction: Type.Optional(Type.String({ description: 'With sortBy: ASC or DESC', examples: ['DESC'] })),
});

export interface ListParams {
  query?: string;
  page?: string;
  size?: string;
  sort?: string[];
  sortBy?: string;
  direction?: string;
}

export interface LevelOptions {
  fields: ListFields;
  /** The order when the client asks for none; must end with a unique column. */
  defaultOrder: readonly OrderTerm[];
  /** Tables the default order reads. */
  defaultJoins?: readonly JoinName[];
  /** Unique column appended to every requested order. */
  tiebreaker: string;
  defaultSize: number;
}

export interface ListPlan {
  page: number;
  size: number;
  /** The requested order, for the page body (empty: the default order, `sorted: false`). */
  sort: readonly SortOrder[];
  ids: Omit<IdPageRequest, 'scope'>;
}

/** Reads `query`, `page`, `size`, `sort`, `sortBy`, `direction`; throws a 400 VerdictError when they make no sense. */
export function planList(params: ListParams, level: LevelOptions): ListPlan {
  const parsed = parseQuery(params.query);
  const compiled = parsed.ok ? compileQuery(parsed.tree, level.fields) : parsed;
  if (!compiled.ok) {
    const { code, message, position, length } = compiled.error;
    throw new VerdictError('INVALID_QUERY', message, { position, length, reason: code });
  }
  const paging = parsePaging(params, { defaultSize: level.defaultSize, sortable: sortableOf(level.fields), tiebreaker: level.tiebreaker });
  if (!paging.ok) {
    const { message, value } = paging.error;
    throw new VerdictError('INVALID_SORT', message, { fieldErrors: [{ field: 'sort', message, rejectedValue: value }] });
  }
  const request = paging.request;
  const used = [...(parsed.ok ? parsed.tree.clauses.map((c) => c.field.name) : []), ...request.sort.map((s) => s.property)];
  const joins = used.map((name) => level.fields[name]?.join).filter((join): join is JoinName => join !== undefined);
  if (request.sort.length === 0) joins.push(...(level.defaultJoins ?? []));
  return {
    page: request.page,
    size: request.size,
    sort: request.sort,
    ids: { filter: compiled.where as Where, joins, orderBy: orderBy(request.sort, level), limit: request.size, offset: request.offset },
  };
}

/** The tiebreaker follows the last key's direction, so one index scanned in one direction serves the whole ORDER BY. */
function orderBy(sort: readonly SortOrder[], level: LevelOptions): OrderTerm[] {
  if (sort.length === 0) return [...level.defaultOrder];
  const nullable = new Set(Object.values(level.fields).filter((f) => f.nullable).map((f) => f.column));
  const terms: OrderTerm[] = sort.map(({ column, direction }) => ({ column, direction, nullable: nullable.has(column) }));
  if (!terms.some((t) => t.column === level.tiebreaker)) {
    const last: Direction = terms[terms.length - 1]!.direction;
    terms.push({ column: level.tiebreaker, direction: last });
  }
  return terms;
}
