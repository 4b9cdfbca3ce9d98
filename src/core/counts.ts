import type { Result, Status } from './vocabulary.js';

/**
 * The per-result counters every level's metrics carry (reference.md §4.1), declared once: the store's
 * columns, the presenters, the recount and the OpenAPI document are all derived from this list.
 * `abortedCount` is kept for the v1 routes; v2/v3 metrics omit it (ABORTED shows only in totalCount).
 * `skippedCount` is additive: skipped items are NOT_EXECUTED and also counted here.
 * `runningCount` counts items in progress, which also have result QUEUED; `queuedCount` excludes them.
 */
export const COUNTERS = [
  'totalCount',
  'passedCount',
  'failedCount',
  'abortedCount',
  'stoppedCount',
  'notExecutedCount',
  'queuedCount',
  'runningCount',
  'skippedCount',
] as const;
export type Counter = (typeof COUNTERS)[number];
export type Counts = Record<Counter, number>;

export const ZERO_COUNTS: Readonly<Counts> = Object.freeze(Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Counts);

/** One counted item, or a group of `n` identical ones (an SQL GROUP BY row). */
export interface CountedItem {
  result: Result;
  status?: Status | null;
  skipped?: boolean | number | null;
  n?: number;
}

const COUNTER_BY_RESULT: Record<Result, Counter> = {
  SUCCESS: 'passedCount',
  FAILURE: 'failedCount',
  ABORTED: 'abortedCount',
  NOT_EXECUTED: 'notExecutedCount',
  QUEUED: 'queuedCount',
  STOPPED: 'stoppedCount',
};

export function isRunningStatus(status: Status | null | undefined): boolean {
  return status === 'STATUS_IN_PROGRESS' || status === 'STATUS_PRE_FLIGHT';
}

export function countItems(items: Iterable<CountedItem>): Counts {
  const counts: Counts = { ...ZERO_COUNTS };
  for (const item of items) {
    const n = item.n ?? 1;
    counts.totalCount += n;
    if (item.result === 'QUEUED' && isRunningStatus(item.status)) counts.runningCount += n;
    else counts[COUNTER_BY_RESULT[item.result]] += n;
    if (item.skipped) counts.skippedCount += n;
  }
  return counts;
}

export function addCounts(a: Counts, b: Counts): Counts {
  const sum = { ...a };
  for (const key of COUNTERS) sum[key] += b[key];
  return sum;
}
