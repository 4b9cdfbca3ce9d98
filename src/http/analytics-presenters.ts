/** Analytics rows -> API JSON (routes/analytics-routes.ts). */
import { COUNTERS } from '../core/counts.js';
import { formatApiTime } from '../core/time.js';
import type { failingTests, flakyTests, listPlansWithLatestRun, testHistory } from '../store/analytics-repository.js';
import type { RunRow } from '../store/run-repository.js';
import type { retryFlakyTests } from '../store/flaky-repository.js';
import { metricCounts } from './metric-keys.js';

export const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

export function presentRunSummary(row: RunRow) {
  return {
    id: row.id,
    testPlanId: row.test_plan_id,
    buildNo: row.build_no,
    result: row.result,
    status: row.status,
    startTime: formatApiTime(row.start_time),
    endTime: formatApiTime(row.end_time),
    duration: row.duration,
    reRunParentId: row.re_run_parent_id,
    ...metricCounts(row, COUNTERS),
    passRate: rate(row.passed_count, row.total_count),
    consolidatedPassedCount: row.c_passed_count,
    consolidatedTotalCount: row.c_total_count,
    consolidatedPassRate: rate(row.c_passed_count, row.c_total_count),
  };
}

type PlanWithLatest = Awaited<ReturnType<typeof listPlansWithLatestRun>>[number];
export function presentPlan(plan: PlanWithLatest) {
  return {
    id: plan.id,
    name: plan.name,
    createdDate: formatApiTime(plan.created_at),
    runCount: plan.run_count,
    latestRun: plan.latest_run ? presentRunSummary(plan.latest_run) : null,
  };
}

export function presentFailingTest(r: Awaited<ReturnType<typeof failingTests>>[number]) {
  return {
    testCaseId: r.test_case_id,
    name: r.name,
    suiteName: r.suite_name,
    failures: r.failures,
    results: r.results,
    runs: r.runs,
    failureRate: rate(r.failures, r.results),
    lastFailedRunId: r.last_failed_run_id,
    lastFailedCaseResultId: r.last_failed_case_result_id,
  };
}

export function presentFlakyTest(r: Awaited<ReturnType<typeof flakyTests>>[number]) {
  return {
    testCaseId: r.test_case_id,
    name: r.name,
    flips: r.flips,
    runs: r.runs,
    failedRuns: r.failed_runs,
    lastRunId: r.last_run_id,
    lastCaseResultId: r.last_case_result_id,
    // Flips per chance to flip: between consecutive runs where the test passed or failed.
    flipRate: r.runs > 1 ? rate(r.flips, r.runs - 1) : null,
  };
}

export function presentHistoryEntry(r: Awaited<ReturnType<typeof testHistory>>[number]) {
  return {
    caseResultId: r.id,
    runId: r.test_run_id,
    testPlanId: r.test_plan_id,
    buildNo: r.build_no,
    result: r.result,
    status: r.status,
    duration: r.duration,
    startTime: formatApiTime(r.start_time),
    runStartTime: formatApiTime(r.run_start_time),
    message: r.message,
    machineResultId: r.machine_result_id,
    machineTitle: r.machine_title,
    reRunParentId: r.re_run_parent_id,
  };
}

/** The two definitions of flaky, as the API states them (docs/triage.md). */
export const RETRY_FLAKY_DEFINITION = 'Retry-flaky: the test failed, then passed on a retry within the same run (the runner retried it). Counted over the plan\'s last N runs (re-runs excluded).';

export function flipRateDefinition(runs: number, minFlips: number, minFlipRate: number): string {
  return `Flip-rate flaky: over the plan's last ${runs} runs (re-runs excluded), the test's outcome changed between pass and fail at least ${minFlips} times, and at a rate of at least ${minFlipRate} per chance to flip; runs where it was skipped or not executed are left out.`;
}

export function presentRetryFlakyTest(r: Awaited<ReturnType<typeof retryFlakyTests>>[number]) {
  return { testCaseId: r.test_case_id, name: r.name, flakyRuns: r.flaky_runs, lastRunId: r.last_run_id, lastCaseResultId: r.last_case_result_id };
}
