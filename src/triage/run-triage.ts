/**
 * Triage of one run, over the store's reads and the pure rules of core/: its failures grouped by cause
 * (each known by the first run of the plan it appeared in), its comparison with another run (by default
 * the plan's previous finished run, on the same branch when the runs say one), and what its quarantined
 * tests' failures leave of its result.
 */
import { compareRuns, listedCases, mapComparison, type ComparedCase } from '../core/compare-runs.js';
import { groupFailures } from '../core/failure-groups.js';
import type { Result } from '../core/vocabulary.js';
import type { Db } from '../store/dialect.js';
import { listQuarantines } from '../store/quarantine-repository.js';
import { findRun, type RunRow } from '../store/run-repository.js';
import { caseTextsById, casesForCompare, failedCasesOfRun, firstSeenRuns, previousRuns } from '../store/triage-repository.js';

export async function failureGroupsOf(db: Db, workspaceId: number, run: RunRow) {
  const failed = await failedCasesOfRun(db, workspaceId, run.id);
  const groups = groupFailures(failed.map((c) => ({ ...c, errorType: c.error_type, stackTrace: c.stack_head })));
  const firstSeen = await firstSeenRuns(db, workspaceId, run.test_plan_id, groups.map((g) => g.fingerprint));
  return groups
    .map((g) => ({ ...g, firstSeenRunId: firstSeen.get(g.fingerprint) ?? run.id, isNew: (firstSeen.get(g.fingerprint) ?? run.id) >= run.id }))
    .sort((a, b) => b.cases.length - a.cases.length || Number(b.isNew) - Number(a.isNew));
}

const branchOf = (environment: string | null) => (environment ? ((JSON.parse(environment) as Record<string, string>).branch ?? null) : null);

/** The run a comparison defaults to: the plan's previous finished run (not a re-run), on the same branch when both say one. */
export async function defaultBase(db: Db, workspaceId: number, run: RunRow): Promise<number | undefined> {
  const candidates = await previousRuns(db, workspaceId, run.test_plan_id, run.id);
  const branch = branchOf(run.environment);
  return (branch ? candidates.find((c) => branchOf(c.environment) === branch) : undefined)?.id ?? candidates[0]?.id;
}

const compared = (rows: Awaited<ReturnType<typeof casesForCompare>>): ComparedCase[] =>
  rows.map((c) => ({ id: c.id, testCaseId: c.test_case_id, machineTitle: c.machine_title, result: c.result as Result, duration: c.duration }));

/**
 * The run against `withId`, or its default base. Both runs' cases are read without their text (two
 * 10,000-case runs are 20,000 rows); names, suites and messages are read for the cases the answer lists.
 */
export async function compareOf(db: Db, workspaceId: number, run: RunRow, withId?: number) {
  const baseId = withId ?? (await defaultBase(db, workspaceId, run));
  const base = baseId !== undefined ? await findRun(db, workspaceId, baseId) : undefined;
  if (!base) return { base: undefined, comparison: undefined };
  const lean = compareRuns(compared(await casesForCompare(db, workspaceId, run.id)), compared(await casesForCompare(db, workspaceId, base.id)));
  const texts = new Map((await caseTextsById(db, workspaceId, listedCases(lean).map((c) => c.id))).map((t) => [t.id, t]));
  const comparison = mapComparison(lean, (c) => {
    const t = texts.get(c.id)!;
    return { ...c, name: t.name, suiteName: t.suite_name, message: t.message };
  });
  return { base, comparison };
}

/**
 * A run's result with its quarantined tests' failures counted apart: what `verdict upload --fail-on-failure`
 * decides by. A run whose every failure is quarantined passes.
 */
export async function resultApartFromQuarantine(db: Db, workspaceId: number, run: RunRow, now: number) {
  const quarantined = new Set((await listQuarantines(db, workspaceId, now)).map((q) => q.test_case_id));
  const failed = await failedCasesOfRun(db, workspaceId, run.id);
  const quarantinedFailures = failed.filter((c) => quarantined.has(c.test_case_id));
  const onlyQuarantined = failed.length > 0 && quarantinedFailures.length === failed.length && (run.result === 'FAILURE' || run.result === 'ABORTED');
  return { result: onlyQuarantined ? ('SUCCESS' as Result) : run.result, quarantinedFailures: quarantinedFailures.map((c) => ({ id: c.id, testCaseId: c.test_case_id, name: c.name })) };
}

/** What an upload's answer carries for the CI: the result apart from quarantine, and the comparison's counts. */
export async function uploadTriage(db: Db, workspaceId: number, runId: number, now: number) {
  const run = (await findRun(db, workspaceId, runId))!;
  const apart = await resultApartFromQuarantine(db, workspaceId, run, now);
  const { base, comparison } = await compareOf(db, workspaceId, run);
  return {
    result: apart.result,
    quarantinedFailures: apart.quarantinedFailures.length,
    comparison: base && comparison ? { baseRunId: base.id, newFailures: comparison.newFailures.length, fixed: comparison.fixed.length, stillFailing: comparison.stillFailing.length } : null,
  };
}
