/** How a filterable field is stored, which decides how its query values are parsed and compared. */
export type FieldType = 'string' | 'number' | 'datetime' | 'boolean' | 'enum';

/**
 * One filterable field of a resource. Column names come only from here, never from the request.
 *
 * @example { column: 'r.result', type: 'enum', values: RESULTS, aliases: { PASSED: 'SUCCESS', FAILED: 'FAILURE' } }
 */
export interface FieldSpec {
  /** SQL column reference, e.g. `c.result`. */
  column: string;
  /** datetime = integer epoch millis (UTC); boolean = integer 0/1; enum = text. */
  type: FieldType;
  /** The canonical enum values (case-sensitive). */
  values?: readonly string[];
  /** Extra names accepted for enum values, matched case-insensitively, e.g. PASSED -> SUCCESS. */
  aliases?: Readonly<Record<string, string>>;
  /** Whether the column can be NULL; `:null`, `!null` and `null` list items are refused otherwise. */
  nullable?: boolean;
  /**
   * The values live in rows of another table, any number per row listed (labels): `column` is that table's
   * value column. A clause matches when one of the values does (`owner:alice`, `tag@smoke#critical`); `!` and
   * `;` when none does; `:null` when there is none. Compiled to EXISTS over `table` where `link` = `owner`
   * and `key[0]` = `key[1]`.
   */
  many?: { readonly table: string; readonly link: string; readonly owner: string; readonly key: readonly [column: string, value: string] };
}

/** Query field name (case-sensitive, e.g. `testPlanId`) -> how to filter on it. */
export type FieldTable = Readonly<Record<string, FieldSpec>>;
