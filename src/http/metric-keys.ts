/**
 * The `metrics` keys of the results API, from the one counter list (core/counts.ts), in the seed page's
 * order: clients that read "the first match of a key" depend on it (reference.md §11). `abortedCount` is
 * the v1 routes' only; a case's metrics carry `skippedCount` among the seed's keys, the other levels after.
 */
import type { Counter, Counts } from '../core/counts.js';
import { countsOf } from '../store/metric-columns.js';

export const METRIC_KEYS = ['totalCount', 'failedCount', 'passedCount', 'stoppedCount', 'notExecutedCount', 'queuedCount', 'runningCount'] as const satisfies readonly Counter[];
export const CASE_METRIC_KEYS = ['totalCount', 'failedCount', 'passedCount', 'stoppedCount', 'notExecutedCount', 'queuedCount', 'skippedCount', 'runningCount'] as const satisfies readonly Counter[];

/** `{totalCount, failedCount, ...}` from a row's columns, in the order of `keys`. */
export function metricCounts<K extends Counter>(row: object, keys: readonly K[]): Record<K, number> {
  const counts: Counts = countsOf(row as Record<string, unknown>);
  return Object.fromEntries(keys.map((k) => [k, counts[k]])) as Record<K, number>;
}

/** The re-run chain's counts, `{consolidatedPlanTotalCount, ...}` (runs) or `{consolidatedTotalCount, ...}`. */
export function consolidatedMetricCounts(row: object, prefix: 'consolidated' | 'consolidatedPlan', keys: readonly Counter[] = METRIC_KEYS): Record<string, number> {
  const counts: Counts = countsOf(row as Record<string, unknown>, 'c_');
  return Object.fromEntries(keys.map((k) => [`${prefix}${k[0]!.toUpperCase()}${k.slice(1)}`, counts[k]]));
}
