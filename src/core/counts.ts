import type { Result, Status } from './vocabulary.js';

/**
 * The per-result counters every level's metrics carry (reference.md §4.1).
 * `abortedCount` is kept for the v1 routes; v2/v3 metrics omit it (ABORTED shows only in totalCount).
 * `skippedCount` is additive: skipped items are NOT_EXECUTED and also counted here.
 * `runningCount` counts items in progress, which also have result QUEUED; `queuedCount` excludes them.
 */
export interface Counts {
  totalCount: number;
  passedCount: number;
  failedCount: number;
  abortedCount: number;
  stoppedCount: number;
  notExecutedCount: number;
  queuedCount: number;
  runningCount: number;
  skippedCount: number;
}

export const ZERO_COUNTS: Readonly<Counts> = Object.freeze({
  totalCount: 0,
  passedCount: 0,
  failedCount: 0,
  abortedCount: 0,
  stoppedCount: 0,
  notExecutedCount: 0,
  queuedCount: 0,
  runningCount: 0,
  skippedCount: 0,
});

/** One counted item, or a group of `n` identical ones (an SQL GROUP BY row). */
export interface CountedItem {
  result: Result;
  status?: Status | null;
  skipped?: boolean | number | null;
  n?: number;
}

const COUNTER_BY_RESULT: Record<Result, keyof Counts> = {
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
  for (const key of Object.keys(sum) as (keyof Counts)[]) sum[key] += b[key];
  return sum;
}
