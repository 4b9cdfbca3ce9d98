import type { Db, DialectTraits } from './dialect.js';
import type { Database } from './schema.js';

/** Splits an array into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Inserts rows through the dialect's bulk path; a column one row leaves out is null in it. */
export async function insertRows<T extends keyof Database & string>(
  db: Db,
  traits: DialectTraits,
  table: T,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (!rows.length) return;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  await traits.bulkInsert(db, table, columns, rows.map((r) => columns.map((c) => r[c] ?? null)));
}
