/** Query pieces several repositories share. */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';

/**
 * A workspace check written `+workspace_id`, for reads that reach their rows by something narrower (ids, a
 * run, a test): SQLite, without statistics, would otherwise pick an index that leads with workspace_id and
 * walk the whole workspace (4 ms for a page of 50 cases in a 10,000-case workspace, growing with it; seconds
 * for a plan's failing tests at a million) instead of probing the narrower index. The unary plus changes
 * nothing for PostgreSQL, which plans by its statistics.
 */
export const notIndexed = (column: string) => sql<number>`+${sql.ref(column)}`;

/**
 * EXISTS a row of `many.table` linked to the row in hand whose `key` column holds the key's value (a case's
 * labels named `owner`...), and that meets `condition`: how the query language reads a field with several values.
 */
export function existsLinked(
  eb: ExpressionBuilder<any, any>,
  many: { readonly table: string; readonly link: string; readonly owner: string; readonly key: readonly [column: string, value: string] },
  condition?: (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>,
): Expression<SqlBool> {
  return eb.exists(
    eb
      .selectFrom(many.table)
      .select(sql.lit(1).as('one'))
      .whereRef(many.link, '=', many.owner)
      .where(many.key[0], '=', many.key[1])
      .$if(condition !== undefined, (q) => q.where((inner) => condition!(inner))),
  );
}
