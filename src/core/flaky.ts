/**
 * What bounds a test's flips (flip-rate flaky, docs/triage.md) before its outcomes are read: in `runs`
 * consecutive runs where it failed in `failedRuns`, it flipped at most as often as a sequence of that many
 * fails among passes can change. Runs it was not judged in (absent, not executed) only take changes away:
 * dropping x from a, x, b never adds a change. E.g. 1 failure in 30 runs: at most 2 flips (pass, fail,
 * pass); 30 of 30: none.
 */
export function flipBound(failedRuns: number, runs: number): number {
  const passes = runs - failedRuns;
  const fewer = Math.min(failedRuns, passes);
  if (fewer <= 0) return 0;
  // Alternate the rarer outcome with the other: two changes each, one fewer when neither is rarer.
  return failedRuns === passes ? runs - 1 : 2 * fewer;
}
