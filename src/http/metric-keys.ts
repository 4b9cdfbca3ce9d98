/**
 * The `metrics` keys of the results API, from the one counter list (core/counts.ts), in the seed page's
 * order: clients that read "the first match of a key" depend on it (reference.md §11). `abortedCount` is
 * the v1 routes' only; a case's metrics carry `skippedCount` among the seed's keys, the other levels after.
 */
import { COUNTERS, type Counter } from '../core/counts.js';
import { countOf } from '../store/metric-columns.js';

export const METRIC_KEYS = ['totalCount', 'failedCount', 'passedCount', 'stoppedCount', 'notExecutedCount', 'queuedCount', 'runningCount'] as const satisfies readonly Counter[];
export const CASE_METRIC_KEYS = ['totalCount', 'failedCount', 'passedCount', 'stoppedCount', 'notExecutedCount', 'queuedCount', 'skippedCount', 'runningCount'] as const satisfies readonly Counter[];

/** Writes `{totalCount, failedCount, ...}` from a row's columns into `target`, in the order of `keys`. */
export function writeMetricCounts(target: Record<string, unknown>, row: object, keys: readonly Counter[]): void {
  for (const k of keys) target[k] = countOf(row as Record<string, unknown>, k);
}

/** `{totalCount, failedCount, ...}` from a row's columns, in the order of `keys`. */
export function metricCounts<K extends Counter>(row: object, keys: readonly K[]): Record<K, number> {
  const counts: Record<string, unknown> = {};
  writeMetricCounts(counts, row, keys);
  return counts as Record<K, number>;
}

/** `consolidatedPlanTotalCount`... for each prefix and counter, worked out once. */
const CONSOLIDATED_NAMES = Object.fromEntries(
  (['consolidated', 'consolidatedPlan'] as const).map((prefix) => [prefix, Object.fromEntries(COUNTERS.map((k) => [k, `${prefix}${k[0]!.toUpperCase()}${k.slice(1)}`]))]),
) as Record<'consolidated' | 'consolidatedPlan', Record<Counter, string>>;

/** Writes the re-run chain's counts, `{consolidatedPlanTotalCount, ...}` (runs) or `{consolidatedTotalCount, ...}`, into `target`. */
export function writeConsolidatedMetricCounts(target: Record<string, unknown>, row: object, prefix: 'consolidated' | 'consolidatedPlan', keys: readonly Counter[] = METRIC_KEYS): void {
  const names = CONSOLIDATED_NAMES[prefix];
  for (const k of keys) target[names[k]] = countOf(row as Record<string, unknown>, k, 'c_');
}
