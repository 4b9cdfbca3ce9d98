import { compileQuery, type CompileResult } from './compiler.js';
import type { FieldTable } from './field-table.js';
import { parseQuery } from './parser.js';

/**
 * parseQuery then compileQuery: the one call a route needs. A missing or blank query is no filter.
 *
 * @example buildFilter('result:PASSED', RUN_FIELDS) // { ok: true, where: eb => eb('r.result', '=', 'SUCCESS') }
 */
export function buildFilter(input: string | undefined | null, fields: FieldTable): CompileResult {
  const parsed = parseQuery(input);
  return parsed.ok ? compileQuery(parsed.tree, fields) : parsed;
}
