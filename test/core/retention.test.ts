/** Retention's rules (core/retention.ts): limits, the plan's policy over the default, chains whole, runs in progress kept. */
import { describe, expect, it } from 'vitest';
import { chainsToLetGo, DAY_MS, type RunForRetention } from '../../src/core/retention.js';

const NOW = Date.UTC(2026, 10, 30);
const run = (id: number, daysAgo: number, extra: Partial<RunForRetention> = {}): RunForRetention => ({ id, testPlanId: 1, reRunParentId: null, createdAt: NOW - daysAgo * DAY_MS, inProgress: false, ...extra });

describe('chainsToLetGo', () => {
  it('without a policy, or with one without limits, keeps everything', () => {
    const runs = [run(1, 400), run(2, 1)];
    expect(chainsToLetGo(runs, [], NOW)).toEqual([]);
    expect(chainsToLetGo(runs, [{ testPlanId: 0, keepDays: null, keepRuns: null }], NOW)).toEqual([]);
  });

  it('keep N days: a run older than N days goes; keep N runs: all but the newest N go; with both, breaking either', () => {
    const runs = [run(1, 40), run(2, 20), run(3, 10), run(4, 1)];
    expect(chainsToLetGo(runs, [{ testPlanId: 0, keepDays: 30, keepRuns: null }], NOW)).toEqual([[1]]);
    expect(chainsToLetGo(runs, [{ testPlanId: 0, keepDays: null, keepRuns: 2 }], NOW)).toEqual([[1], [2]]);
    expect(chainsToLetGo(runs, [{ testPlanId: 0, keepDays: 15, keepRuns: 3 }], NOW)).toEqual([[1], [2]]);
  });

  it("a plan's own policy wins over the workspace's default; other plans follow the default", () => {
    const runs = [run(1, 40), run(2, 40, { testPlanId: 2 }), run(3, 40, { testPlanId: 3 })];
    expect(chainsToLetGo(runs, [{ testPlanId: 0, keepDays: 30, keepRuns: null }, { testPlanId: 2, keepDays: 90, keepRuns: null }], NOW)).toEqual([[1], [3]]);
  });

  it('a re-run chain is one: its age and rank are its newest run, and it goes whole', () => {
    // 1 ← 2 ← 5 (re-runs of re-runs), 3, 4.
    const runs = [run(1, 50), run(2, 45, { reRunParentId: 1 }), run(3, 40), run(4, 30), run(5, 1, { reRunParentId: 2 })];
    expect(chainsToLetGo(runs, [{ testPlanId: 0, keepDays: null, keepRuns: 2 }], NOW)).toEqual([[3]]);
    expect(chainsToLetGo(runs, [{ testPlanId: 0, keepDays: null, keepRuns: 1 }], NOW)).toEqual([[3], [4]]);
    const older = [run(1, 50), run(2, 45, { reRunParentId: 1 }), run(3, 1)];
    expect(chainsToLetGo(older, [{ testPlanId: 0, keepDays: 30, keepRuns: null }], NOW)).toEqual([[1, 2]]);
  });

  it('a chain with a run in progress stays, and still counts toward keep N runs', () => {
    const runs = [run(1, 60, { inProgress: true }), run(2, 50), run(3, 40), run(4, 1, { reRunParentId: 3, inProgress: true })];
    expect(chainsToLetGo(runs, [{ testPlanId: 0, keepDays: 30, keepRuns: null }], NOW)).toEqual([[2]]);
    expect(chainsToLetGo(runs, [{ testPlanId: 0, keepDays: null, keepRuns: 1 }], NOW)).toEqual([[2]]);
  });
});
