/**
 * The `query=` language and paging of the results API (reference.md §5, §6): pure functions, no I/O.
 *
 *   const filter = buildFilter(request.query.query, CASE_RESULT_FIELDS);
 *   if (!filter.ok) return reply.code(400).send(filter.error);
 *   // then: the list query of the case results, with `.where(filter.where)`
 */
export { parseQuery, QUERY_LIMITS, type ParseResult } from './parser.js';
export { compileQuery, type CompileResult, type Where } from './compiler.js';
export { buildFilter } from './build-filter.js';
export type { FieldSpec, FieldTable, FieldType } from './field-table.js';
export { QUERY_ERROR_CODES, type QueryError, type QueryErrorCode, type Location } from './errors.js';
export { ESCAPE_TOKENS } from './decoding.js';
export type * from './tree.js';
export { OPERATORS } from './tree.js';
export {
  parsePaging,
  pageBody,
  MAX_PAGE_SIZE,
  type PageParams,
  type PagingOptions,
  type PageRequest,
  type PagingResult,
  type SortOrder,
  type SortError,
  type Direction,
  type PageBody,
  type SortJson,
} from './paging.js';
