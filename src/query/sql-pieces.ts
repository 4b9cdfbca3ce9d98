import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';

/**
 * The SQL shared by SQLite and PostgreSQL for text matching. `lower()` on both sides makes matching
 * case-insensitive on both databases (SQLite's LIKE ignores ASCII case, PostgreSQL's does not), and the
 * explicit `escape '\'` gives both the same escape character (PostgreSQL's default, SQLite has none).
 * Caveat: SQLite's lower() folds only ASCII letters.
 */
export function likeInsensitive(
  eb: ExpressionBuilder<any, any>,
  column: string,
  pattern: string,
): Expression<SqlBool> {
  return sql<SqlBool>`lower(${eb.ref(column)}) like lower(${pattern}) escape '\\'`;
}

/** A LIKE pattern that finds `text` literally: its `%`, `_` and `\` lose their LIKE meaning. */
export function containsPattern(text: string, match: 'startsWith' | 'endsWith' | 'contains'): string {
  const literal = text.replace(/[\\%_]/g, (char) => `\\${char}`);
  return match === 'startsWith' ? `${literal}%` : match === 'endsWith' ? `%${literal}` : `%${literal}%`;
}

/**
 * Small integers bind as they are, so PostgreSQL infers the column's integer type and can use its index.
 * Larger ones are cast to bigint: PostgreSQL would reject 1716967759250 as a parameter typed like an
 * `integer` column (and int4 = int8 still uses the index). Anything else (1.5, 1e30) is cast to double
 * precision, which both databases compare numerically with an integer column.
 */
export function numberParam(value: number): number | Expression<number> {
  if (Number.isInteger(value) && value >= -2_147_483_648 && value <= 2_147_483_647) return value;
  return Number.isSafeInteger(value) ? sql<number>`cast(${value} as bigint)` : sql<number>`cast(${value} as double precision)`;
}
