/**
 * Keeps `latestResult`, `consolidated*` and `consolidatedDuration` right along a re-run chain
 * (original -> rerun1 -> rerun2). Every row of a chain reports the chain's values: the consolidated set
 * is "latest occurrence of each test wins" (core/consolidate.ts), the duration the sum along the chain.
 */
import { chainsOf, consolidatedCounts, type ChainItem } from '../core/consolidate.js';
import type { Counts } from '../core/counts.js';
import type { Result } from '../core/vocabulary.js';
import type { Db } from '../store/dialect.js';
import { consolidatedCountColumns } from '../store/metric-columns.js';
import { chainRows, updateLevelRow } from '../store/recount-repository.js';
import { runLinks } from '../store/run-repository.js';

/** A chain holds at most this many runs: a bound on a walk over links that the store could get wrong. */
const MAX_CHAIN = 1000;

export async function refreshReRunChain(db: Db, workspaceId: number, runId: number, now: number): Promise<void> {
  const runIds = await chainRunIds(db, workspaceId, runId);
  if (runIds.length < 2) return;
  const { runs, machines, suites, cases } = await chainRows(db, runIds);
  runs.sort((a, b) => runIds.indexOf(a.id) - runIds.indexOf(b.id));
  type CaseRow = (typeof cases)[number];
  const topCases = cases.filter((c) => c.parent_id === null);
  const titleOf = new Map(machines.map((m) => [m.id, m.title]));
  const item = (key: string, c: CaseRow): ChainItem => ({ key, result: c.result, status: c.status, skipped: c.skipped });
  const casesBy = <K>(keyOf: (c: CaseRow) => K) => {
    const map = new Map<K, CaseRow[]>();
    for (const c of topCases) map.set(keyOf(c), [...(map.get(keyOf(c)) ?? []), c]);
    return map;
  };
  const setChain = async (level: 'test_runs' | 'machine_results' | 'suite_results', chain: { id: number; result: Result; metrics_duration: number | null }[], counts: Counts) => {
    const set = { ...consolidatedCountColumns(counts), latest_result: chain.at(-1)!.result, consolidated_duration: sumOf(chain.map((r) => r.metrics_duration)), updated_at: now };
    for (const row of chain) await updateLevelRow(db, level, row.id, set);
  };

  const byRun = casesBy((c) => c.test_run_id);
  await setChain('test_runs', runs, consolidatedCounts(runs.map((r) => (byRun.get(r.id) ?? []).map((c) => item(`${titleOf.get(c.machine_result_id)}\u0000${c.suite_id}\u0000${c.test_case_id}`, c)))));
  const byMachine = casesBy((c) => c.machine_result_id);
  for (const chain of chainsOf(machines.map((m) => ({ ...m, parentId: m.re_run_parent_id })))) {
    await setChain('machine_results', chain, consolidatedCounts(chain.map((m) => (byMachine.get(m.id) ?? []).map((c) => item(`${c.suite_id}\u0000${c.test_case_id}`, c)))));
  }
  const bySuite = casesBy((c) => c.suite_result_id);
  for (const chain of chainsOf(suites.map((s) => ({ ...s, parentId: s.re_run_parent_id })))) {
    await setChain('suite_results', chain, consolidatedCounts(chain.map((s) => (bySuite.get(s.id) ?? []).map((c) => item(`${c.test_case_id}`, c)))));
  }
  for (const chain of chainsOf(cases.map((c) => ({ ...c, parentId: c.re_run_parent_id })))) {
    if (chain.length < 2) continue;
    const set = { latest_result: chain.at(-1)!.result, consolidated_duration: sumOf(chain.map((c) => c.duration)), updated_at: now };
    for (const c of chain) await updateLevelRow(db, 'case_results', c.id, set);
  }
}

/** The run's whole chain, oldest first. */
export async function chainRunIds(db: Db, workspaceId: number, runId: number): Promise<number[]> {
  const chain: number[] = [];
  let links = await runLinks(db, workspaceId, runId);
  if (!links) return chain;
  chain.push(runId);
  for (let up = links.parentId; up !== null && chain.length < MAX_CHAIN; ) {
    const l = await runLinks(db, workspaceId, up);
    if (!l) break;
    chain.unshift(up);
    up = l.parentId;
  }
  for (let down = links.childId; down !== null && chain.length < MAX_CHAIN; ) {
    chain.push(down);
    links = await runLinks(db, workspaceId, down);
    down = links?.childId ?? null;
  }
  return chain;
}

function sumOf(values: (number | null)[]): number | null {
  return values.some((v) => v !== null) ? values.reduce<number>((s, v) => s + (v ?? 0), 0) : null;
}
