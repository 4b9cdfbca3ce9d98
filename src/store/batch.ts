import type { Db, DialectTraits } from './dialect.js';
import type { Database } from './schema.js';

/** Splits an array into chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Multi-row inserts, as many rows per statement as the database's parameter limit allows. */
export async function insertRows<T extends keyof Database & string>(
  db: Db,
  traits: DialectTraits,
  table: T,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (!rows.length) return;
  const columns = Object.keys(rows[0]!).length;
  const perStatement = Math.max(1, Math.min(1000, Math.floor(traits.maxParameters / columns)));
  for (const part of chunk(rows, perStatement)) {
    await db.insertInto(table).values(part as never).execute();
  }
}
