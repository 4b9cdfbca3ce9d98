/**
 * Stable identities (plan, suite, test case, step): found by natural key, created on first sight.
 * Concurrent writers may race to create the same identity; `on conflict do nothing` plus a re-read settles it.
 */
import { createHash } from 'node:crypto';
import { chunk } from './batch.js';
import type { Db, DialectTraits, IdTable } from './dialect.js';

interface IdentitySpec {
  table: 'test_plans' | 'test_suites' | 'test_cases' | 'test_steps';
  /** The natural-key columns besides workspace_id. */
  keyColumns: readonly string[];
}

export const PLAN: IdentitySpec = { table: 'test_plans', keyColumns: ['name'] };
export const SUITE: IdentitySpec = { table: 'test_suites', keyColumns: ['name'] };
export const TEST_CASE: IdentitySpec = { table: 'test_cases', keyColumns: ['identity'] };
export const TEST_STEP: IdentitySpec = { table: 'test_steps', keyColumns: ['test_case_id', 'path_key'] };

export interface IdentityRow {
  /** Natural key values, in keyColumns order. */
  key: readonly (string | number)[];
  /** Other columns to write on creation. */
  extra?: Record<string, unknown>;
  fixedId?: number;
}

const keyOf = (values: readonly unknown[]) => values.join('\u0000');

/**
 * Natural keys are stored at most this long. PostgreSQL's b-tree refuses an index row over ~2,700 bytes
 * (SQLite has no limit), and test names of a megabyte exist; a longer key keeps its head and a hash of
 * the whole, so it stays unique and the same on both databases.
 */
const MAX_KEY_LENGTH = 1000;

export function storedKey<V extends string | number>(value: V): V {
  if (typeof value !== 'string' || value.length <= MAX_KEY_LENGTH) return value;
  return `${value.slice(0, MAX_KEY_LENGTH - 66)}…#${createHash('sha256').update(value).digest('hex')}` as V;
}

/** Returns natural key (joined with NUL) -> id for every row, creating the missing ones. */
export async function ensureIdentities(db: Db, traits: DialectTraits, workspaceId: number, spec: IdentitySpec, given: readonly IdentityRow[]): Promise<Map<string, number>> {
  const long = given.some((r) => r.key.some((v) => typeof v === 'string' && v.length > MAX_KEY_LENGTH));
  if (!long) return ensureStored(db, traits, workspaceId, spec, given);
  const rows = given.map((r) => ({ ...r, original: keyOf(r.key), key: r.key.map(storedKey) }));
  const found = await ensureStored(db, traits, workspaceId, spec, rows);
  // Callers look their rows up by the key they gave.
  const byOriginal = new Map<string, number>();
  for (const r of rows) byOriginal.set(r.original, found.get(keyOf(r.key))!);
  return byOriginal;
}

async function ensureStored(db: Db, traits: DialectTraits, workspaceId: number, spec: IdentitySpec, rows: readonly IdentityRow[]): Promise<Map<string, number>> {
  const unique = new Map<string, IdentityRow>();
  for (const r of rows) if (!unique.has(keyOf(r.key))) unique.set(keyOf(r.key), r);
  const found = await findIdentities(db, workspaceId, spec, [...unique.values()].map((r) => r.key));
  const missing = [...unique.entries()].filter(([k]) => !found.has(k)).map(([, r]) => r);
  if (missing.length) {
    const fresh = await traits.allocateIds(db, spec.table as IdTable, missing.filter((r) => r.fixedId === undefined).length);
    let next = 0;
    const values = missing.map((r) => {
      const row: Record<string, unknown> = { id: r.fixedId ?? fresh[next++], workspace_id: workspaceId, ...r.extra };
      spec.keyColumns.forEach((c, i) => (row[c] = r.key[i]));
      return row;
    });
    // Another writer may create the same identity meanwhile: skip the conflict, then read back its id.
    const columns = Object.keys(values[0]!);
    await traits.bulkInsert(db, spec.table, columns, values.map((v) => columns.map((c) => v[c] ?? null)), { skipConflicts: true });
    const created = await findIdentities(db, workspaceId, spec, missing.map((r) => r.key));
    for (const [k, id] of created) found.set(k, id);
    if (missing.some((r) => r.fixedId !== undefined)) await traits.syncIds(db, spec.table as IdTable);
  }
  return found;
}

async function findIdentities(db: Db, workspaceId: number, spec: IdentitySpec, keys: readonly (readonly (string | number)[])[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const [first, second] = spec.keyColumns as [string, string | undefined];
  for (const part of chunk(keys, 500)) {
    let q = db
      .selectFrom(spec.table as 'test_steps')
      .select(['id', ...(spec.keyColumns as never[])] as never)
      .where('workspace_id', '=', workspaceId)
      .where(first as never, 'in', [...new Set(part.map((k) => k[0]))] as never);
    if (second) q = q.where(second as never, 'in', [...new Set(part.map((k) => k[1]))] as never);
    const rows = (await q.execute()) as unknown as Record<string, string | number>[];
    for (const row of rows) found.set(keyOf(spec.keyColumns.map((c) => row[c])), Number(row.id));
  }
  return found;
}
