import { countItems, type Counts, type CountedItem } from './counts.js';

/** A result row of one member of a re-run chain, keyed by what identifies "the same test" at that level. */
export interface ChainItem extends CountedItem {
  key: string;
}

/**
 * Consolidated counts of a re-run chain (reference.md §4.4): walk the members from the original to the
 * latest re-run; for each test the latest occurrence wins; count that set.
 *
 * @example original {a: FAILURE, b: SUCCESS}, re-run {a: SUCCESS} -> passed 2, failed 0, total 2
 */
export function consolidatedCounts(membersOldestFirst: readonly (readonly ChainItem[])[]): Counts {
  const latest = new Map<string, ChainItem>();
  for (const member of membersOldestFirst) for (const item of member) latest.set(item.key, item);
  return countItems(latest.values());
}

/** Orders rows linked by `parentId` into chains, each oldest first. Rows whose parent is absent start a chain. */
export function chainsOf<T extends { id: number; parentId: number | null }>(rows: readonly T[]): T[][] {
  const byParent = new Map<number, T>();
  const ids = new Set(rows.map((r) => r.id));
  for (const r of rows) if (r.parentId !== null && ids.has(r.parentId)) byParent.set(r.parentId, r);
  const chains: T[][] = [];
  for (const r of rows) {
    if (r.parentId !== null && ids.has(r.parentId)) continue;
    const chain = [r];
    let next = byParent.get(r.id);
    while (next && chain.length <= rows.length) {
      chain.push(next);
      next = byParent.get(next.id);
    }
    chains.push(chain);
  }
  return chains;
}
