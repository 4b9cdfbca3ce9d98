import type { Result } from './vocabulary.js';

/**
 * A parent's result from its children's results (contract.md "Results and roll-up").
 *
 * Deliberately not the original API's ordinal MAX, which turns {FAILURE, NOT_EXECUTED} into NOT_EXECUTED
 * and so hides failures. Unfinished children (QUEUED) keep the parent QUEUED.
 * Returns undefined for no children: the caller decides what an empty parent is.
 *
 * @example rollUp(['SUCCESS', 'FAILURE', 'NOT_EXECUTED']) // 'FAILURE'
 */
export function rollUp(results: Iterable<Result>): Result | undefined {
  const seen = new Set<Result>(results);
  if (seen.size === 0) return undefined;
  for (const r of ROLL_UP_PRECEDENCE) if (seen.has(r)) return r;
  return 'NOT_EXECUTED';
}

const ROLL_UP_PRECEDENCE: readonly Result[] = ['QUEUED', 'STOPPED', 'ABORTED', 'FAILURE', 'SUCCESS', 'NOT_EXECUTED'];

/** Results that mean the item has finished. */
export function isFinished(result: Result): boolean {
  return result !== 'QUEUED';
}
