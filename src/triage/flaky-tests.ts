/**
 * Flip-rate flaky tests of a plan (docs/triage.md): the answer of store/analytics-repository.ts
 * `flakyTests` over the plan's last N runs, computed for the tests that can make the list only.
 *
 * A test flips only if it failed in some of those runs, and at most `flipBound` times (core/flaky.ts); the
 * failed rows are a small part of a window (a tenth, by their own index). So the tests with the highest
 * bounds are judged first, in growing batches, until the last test of the list flipped more often than any
 * test left could: the same list, in the same order, as judging every test, reading a few tests' rows.
 */
import { flipBound } from '../core/flaky.js';
import type { Db } from '../store/dialect.js';
import { failedRunCounts, flakyTests, recentRunIds } from '../store/analytics-repository.js';

/** Beyond this many tests, one read of the whole window costs less than a list of ids (and stays under parameter limits). */
const MOST_AMONG = 4000;

export async function flipRateFlakyTests(db: Db, workspaceId: number, planId: number, options: { runs: number; limit: number; minFlips: number; minFlipRate: number }) {
  const runIds = await recentRunIds(db, workspaceId, planId, options.runs);
  if (!runIds.length) return [];
  // A test that never flipped is not flaky at any minimum; below 1, every test qualifies: read them all.
  if (options.minFlips < 1) return flakyTests(db, workspaceId, runIds, options);
  const candidates = (await failedRunCounts(db, workspaceId, runIds))
    .map((c) => ({ id: c.test_case_id, bound: flipBound(c.failed_runs, runIds.length) }))
    .filter((c) => c.bound >= options.minFlips)
    .sort((a, b) => b.bound - a.bound);
  let take = Math.min(candidates.length, options.limit * 4);
  for (;;) {
    // Whole bound levels: a test left out then bounds below every test judged.
    while (take > 0 && take < candidates.length && candidates[take]!.bound === candidates[take - 1]!.bound) take++;
    if (take > MOST_AMONG) return flakyTests(db, workspaceId, runIds, options);
    const rows = await flakyTests(db, workspaceId, runIds, { ...options, among: candidates.slice(0, take).map((c) => c.id) });
    const bestLeft = candidates[take]?.bound ?? -1;
    if (take === candidates.length || (rows.length === options.limit && rows.at(-1)!.flips > bestLeft)) return rows;
    take = Math.min(candidates.length, take * 2);
  }
}
