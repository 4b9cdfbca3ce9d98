/**
 * Keeps `latestResult`, `consolidated*` and `consolidatedDuration` right along a re-run chain
 * (original -> rerun1 -> rerun2). Every row of a chain reports the chain's values: the consolidated set
 * is "latest occurrence of each test wins" (core/consolidate.ts), the duration the sum along the chain.
 */
import { chainsOf, consolidatedCounts, type ChainItem } from '../core/consolidate.js';
import type { Result } from '../core/vocabulary.js';
import type { Db } from '../store/dialect.js';
import { consolidatedCountColumns } from './result-rows.js';

export async function refreshReRunChain(db: Db, workspaceId: number, runId: number, now: number): Promise<void> {
  const runIds = await chainRunIds(db, workspaceId, runId);
  if (runIds.length < 2) return;
  const runs = await db.selectFrom('test_runs').select(['id', 'result', 'metrics_duration']).where('id', 'in', runIds).execute();
  runs.sort((a, b) => runIds.indexOf(a.id) - runIds.indexOf(b.id));
  const machines = await db.selectFrom('machine_results').select(['id', 'test_run_id', 'title', 're_run_parent_id', 'result', 'metrics_duration']).where('test_run_id', 'in', runIds).execute();
  const suites = await db.selectFrom('suite_results').select(['id', 'machine_result_id', 'suite_id', 're_run_parent_id', 'result', 'metrics_duration']).where('test_run_id', 'in', runIds).execute();
  const cases = await db
    .selectFrom('case_results')
    .select(['id', 'test_run_id', 'machine_result_id', 'suite_result_id', 'suite_id', 'test_case_id', 'parent_id', 'iteration', 're_run_parent_id', 'result', 'status', 'skipped', 'duration'])
    .where('test_run_id', 'in', runIds)
    .execute();
  const topCases = cases.filter((c) => c.parent_id === null);
  const titleOf = new Map(machines.map((m) => [m.id, m.title]));
  const item = (key: string, c: (typeof cases)[number]): ChainItem => ({ key, result: c.result, status: c.status, skipped: c.skipped });
  const casesBy = <K>(keyOf: (c: (typeof cases)[number]) => K) => {
    const map = new Map<K, typeof cases>();
    for (const c of topCases) map.set(keyOf(c), [...(map.get(keyOf(c)) ?? []), c]);
    return map;
  };

  const byRun = casesBy((c) => c.test_run_id);
  const runCounts = consolidatedCounts(runs.map((r) => (byRun.get(r.id) ?? []).map((c) => item(`${titleOf.get(c.machine_result_id)}\u0000${c.suite_id}\u0000${c.test_case_id}`, c))));
  const runLatest = runs.at(-1)!.result;
  const runDuration = sumOf(runs.map((r) => r.metrics_duration));
  for (const r of runs) {
    await db
      .updateTable('test_runs')
      .set({ ...consolidatedCountColumns(runCounts), latest_result: runLatest, consolidated_duration: runDuration, updated_at: now })
      .where('id', '=', r.id)
      .execute();
  }

  const byMachine = casesBy((c) => c.machine_result_id);
  for (const chain of chainsOf(machines.map((m) => ({ ...m, parentId: m.re_run_parent_id })))) {
    const counts = consolidatedCounts(chain.map((m) => (byMachine.get(m.id) ?? []).map((c) => item(`${c.suite_id}\u0000${c.test_case_id}`, c))));
    await updateChain(chain, counts, 'machine_results');
  }
  const bySuite = casesBy((c) => c.suite_result_id);
  for (const chain of chainsOf(suites.map((s) => ({ ...s, parentId: s.re_run_parent_id })))) {
    const counts = consolidatedCounts(chain.map((s) => (bySuite.get(s.id) ?? []).map((c) => item(`${c.test_case_id}`, c))));
    await updateChain(chain, counts, 'suite_results');
  }
  for (const chain of chainsOf(cases.map((c) => ({ ...c, parentId: c.re_run_parent_id })))) {
    if (chain.length < 2) continue;
    const latest = chain.at(-1)!.result;
    const duration = sumOf(chain.map((c) => c.duration));
    for (const c of chain) {
      await db.updateTable('case_results').set({ latest_result: latest, consolidated_duration: duration, updated_at: now }).where('id', '=', c.id).execute();
    }
  }

  async function updateChain(chain: { id: number; result: Result; metrics_duration: number | null }[], counts: ReturnType<typeof consolidatedCounts>, table: 'machine_results' | 'suite_results') {
    const latest = chain.at(-1)!.result;
    const duration = sumOf(chain.map((m) => m.metrics_duration));
    for (const row of chain) {
      await db
        .updateTable(table)
        .set({ ...consolidatedCountColumns(counts), latest_result: latest, consolidated_duration: duration, updated_at: now })
        .where('id', '=', row.id)
        .execute();
    }
  }
}

/** The run's whole chain, oldest first. */
export async function chainRunIds(db: Db, workspaceId: number, runId: number): Promise<number[]> {
  const up: number[] = [];
  let current: number | null = runId;
  while (current !== null && up.length < 1000) {
    const row: { id: number; re_run_parent_id: number | null } | undefined = await db
      .selectFrom('test_runs')
      .select(['id', 're_run_parent_id'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', current)
      .executeTakeFirst();
    if (!row) break;
    up.unshift(row.id);
    current = row.re_run_parent_id;
  }
  const chain = [...up];
  let last = runId;
  while (chain.length < 1000) {
    const child = await db.selectFrom('test_runs').select('id').where('workspace_id', '=', workspaceId).where('re_run_parent_id', '=', last).executeTakeFirst();
    if (!child) break;
    chain.push(child.id);
    last = child.id;
  }
  return chain;
}

function sumOf(values: (number | null)[]): number | null {
  return values.some((v) => v !== null) ? values.reduce<number>((s, v) => s + (v ?? 0), 0) : null;
}
