/**
 * Which runs retention lets go (pure). A plan's policy, else its workspace's, keeps N days and/or N runs;
 * a run goes when it breaks a limit that is set. A re-run chain (a run and the re-runs under it) is one
 * unit: its age and rank are its newest member's, and it goes whole or stays whole. A chain with a run
 * still in progress stays.
 */
export const DAY_MS = 86_400_000;

export interface RetentionPolicy {
  /** 0: the workspace's default. */
  testPlanId: number;
  keepDays: number | null;
  keepRuns: number | null;
}

export interface RunForRetention {
  id: number;
  testPlanId: number;
  reRunParentId: number | null;
  /** When the run reached the server: its age, whatever the client says of its start. */
  createdAt: number;
  inProgress: boolean;
}

/** The chains of runs to delete (each its run ids, ascending), of one workspace's runs under its policies, at `now`. */
export function chainsToLetGo(runs: readonly RunForRetention[], policies: readonly RetentionPolicy[], now: number): number[][] {
  const workspaceDefault = policies.find((p) => p.testPlanId === 0);
  const byPlan = new Map(policies.filter((p) => p.testPlanId !== 0).map((p) => [p.testPlanId, p]));
  const chains = chainsOf(runs);
  const doomed: number[][] = [];
  for (const [planId, planChains] of groupBy(chains, (c) => c.testPlanId)) {
    const policy = byPlan.get(planId) ?? workspaceDefault;
    if (!policy || (policy.keepDays === null && policy.keepRuns === null)) continue;
    const newestFirst = planChains.sort((a, b) => b.newest - a.newest || b.rootId - a.rootId);
    newestFirst.forEach((chain, rank) => {
      if (chain.inProgress) return;
      const tooOld = policy.keepDays !== null && chain.newest < now - policy.keepDays * DAY_MS;
      const tooMany = policy.keepRuns !== null && rank >= policy.keepRuns;
      if (tooOld || tooMany) doomed.push(chain.ids.sort((a, b) => a - b));
    });
  }
  return doomed.sort((a, b) => a[0]! - b[0]!);
}

interface Chain {
  rootId: number;
  testPlanId: number;
  ids: number[];
  newest: number;
  inProgress: boolean;
}

/** Runs grouped under the first run of their chain (a parent missing from the list is taken as the root). */
function chainsOf(runs: readonly RunForRetention[]): Chain[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const rootOf = (run: RunForRetention): number => {
    const seen = new Set<number>();
    let current = run;
    while (current.reRunParentId !== null && byId.has(current.reRunParentId) && !seen.has(current.id)) {
      seen.add(current.id);
      current = byId.get(current.reRunParentId)!;
    }
    return current.id;
  };
  const chains = new Map<number, Chain>();
  for (const run of runs) {
    const rootId = rootOf(run);
    const chain = chains.get(rootId) ?? { rootId, testPlanId: byId.get(rootId)!.testPlanId, ids: [], newest: 0, inProgress: false };
    chain.ids.push(run.id);
    chain.newest = Math.max(chain.newest, run.createdAt);
    chain.inProgress ||= run.inProgress;
    chains.set(rootId, chain);
  }
  return [...chains.values()];
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
