/**
 * The flat shapes of the cloud v1 routes CI scripts call (reference.md §10): epoch-millis times, counts at
 * the top level. Shell scripts read these with "first match of a key" parsing (reference.md §11), so the
 * top-level `status` and `result` come before any nested object, and nested objects come last.
 */
import type { CaseRow, RunRow } from '../store/run-repository.js';
import type { RunCaseRow } from '../store/report-repository.js';
import { environmentIdOf } from './presenters.js';

type RunWithPlan = RunRow & { plan_name?: string };

/** One run, flat. `chain` is the run and its re-runs, oldest first (for consolidated* and childResult). */
export function presentV1Run(row: RunWithPlan, publicUrl: string, chain: readonly RunWithPlan[] = [row]) {
  const latest = chain[chain.length - 1] ?? row;
  const child = chain[chain.indexOf(row) + 1];
  // Nested objects last: the re-run of this run (flat, without its own child), or null.
  return { ...flatRun(row, latest, publicUrl), childResult: child ? { ...flatRun(child, chain[chain.length - 1] ?? child, publicUrl), childResult: null } : null };
}

function flatRun(row: RunWithPlan, latest: RunWithPlan, publicUrl: string) {
  return {
    id: row.id,
    executionId: row.test_plan_id,
    startTime: row.start_time,
    endTime: row.end_time,
    duration: row.duration,
    result: row.result,
    status: row.status,
    message: row.message,
    executedBy: row.executor,
    buildNo: row.build_no,
    environmentId: environmentIdOf(row.environment),
    totalCount: row.total_count,
    failedCount: row.failed_count,
    passedCount: row.passed_count,
    abortedCount: row.aborted_count,
    stoppedCount: row.stopped_count,
    notExecutedCount: row.not_executed_count,
    preRequisiteFailedCount: 0,
    queuedCount: row.queued_count,
    isVisuallyPassed: null,
    reRunParentId: row.re_run_parent_id,
    reRunType: row.re_run_type,
    triggeredType: row.triggered_type,
    totalRunningCount: row.running_count,
    totalQueuedCount: row.queued_count,
    consolidatedResult: row.latest_result,
    consolidatedStatus: latest.status,
    resultType: row.re_run_parent_id === null ? 'ORIGINAL' : 'RE_RUN',
    consolidatedDuration: row.consolidated_duration,
    executionName: row.plan_name ?? null,
    app_url: `${publicUrl}/runs/${row.id}`,
  };
}

/** `GET /api/v1/execution_results/{runId}/test_case_results`: cases with their iterations nested. */
export function presentV1RunCases(run: RunRow, rows: readonly RunCaseRow[]) {
  const iterations = new Map<number, RunCaseRow[]>();
  for (const row of rows) if (row.parent_id !== null) iterations.set(row.parent_id, [...(iterations.get(row.parent_id) ?? []), row]);
  return {
    executionId: run.test_plan_id,
    executionResultId: run.id,
    result: run.result,
    status: run.status,
    testCases: rows
      .filter((row) => row.parent_id === null)
      .map((row) => ({
        testCaseId: row.test_case_id,
        testCaseName: row.name,
        testCaseResultId: row.id,
        result: row.result,
        isDataDrivenCase: row.is_data_driven === 1,
        testSuiteId: row.suite_id,
        testSuiteName: row.suite_name,
        testSuiteResultId: row.suite_result_id,
        // Verdict has no device registry: a machine is known by its result and title only.
        machineId: null,
        machineTitle: row.machine_title,
        machineResultId: row.machine_result_id,
        iterationResults: (iterations.get(row.id) ?? []).map((it) => ({ iterationResultId: it.id, setName: it.data_set_name, result: it.result })),
      })),
  };
}

/** A case result in `GET /api/v1/test_case_results` pages. */
export function presentV1Case(row: CaseRow) {
  return {
    id: row.id,
    executionResultId: row.test_run_id,
    testCaseId: row.test_case_id,
    testCaseName: row.name,
    result: row.result,
    status: row.status,
    message: row.message,
    startTime: row.start_time,
    endTime: row.end_time,
    duration: row.duration,
    testSuiteId: row.suite_id,
    testSuiteResultId: row.suite_result_id,
    testDeviceResultId: row.machine_result_id,
    isDataDriven: row.is_data_driven === 1,
    iteration: row.iteration,
    parentId: row.parent_id,
    testDataSetName: row.data_set_name,
    totalCount: row.total_count,
    passedCount: row.passed_count,
    failedCount: row.failed_count,
    notExecutedCount: row.not_executed_count,
    reRunParentId: row.re_run_parent_id,
  };
}
