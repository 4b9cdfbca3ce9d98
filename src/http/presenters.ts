/**
 * Rows -> API JSON, one function per resource, keys in the order of the seed's sample bodies so clients
 * that read "the first match of a key" see the right one. Every key is present (null when empty).
 * Keys after the seed's are Verdict's additive ones (documented in README "API").
 */
import { formatApiTime } from '../core/time.js';
import type { CaseRow, MachineRow, RunRow, SuiteRow } from '../store/run-repository.js';
import type { StepResultTable } from '../store/schema.js';
import type { WarningRow } from '../store/warning-repository.js';
import type { MetricColumns } from '../store/schema.js';
import { CASE_METRIC_KEYS, METRIC_KEYS, metricCounts, writeConsolidatedMetricCounts, writeMetricCounts } from './metric-keys.js';

/**
 * The seed's metrics after the ids: counts, the re-run chain's counts, result and durations; then the
 * additive skipped counts. Written into `metrics` (which holds the ids) rather than spread: on every read's path.
 */
function withLevelMetrics(metrics: Record<string, unknown>, row: MetricColumns & { result: string }, prefix: 'consolidatedPlan' | 'consolidated') {
  writeMetricCounts(metrics, row, METRIC_KEYS);
  writeConsolidatedMetricCounts(metrics, row, prefix);
  metrics.result = row.result;
  metrics.latestResult = row.latest_result;
  metrics.duration = row.metrics_duration;
  metrics.consolidatedDuration = row.consolidated_duration;
  metrics.skippedCount = row.skipped_count;
  metrics[`${prefix}SkippedCount`] = row.c_skipped_count;
  return metrics;
}

const json = (text: string | null) => (text === null ? null : JSON.parse(text));

/**
 * Testsigma's `environmentId` names one of its test-data environments; Verdict has no such registry, so it
 * is the run's `environment.environmentId` when that is a whole number (e.g. `verdict upload --env
 * environmentId=7`, or a trigger that passed one), else null.
 */
export function environmentIdOf(environment: string | null): number | null {
  const value = (json(environment) as Record<string, string> | null)?.environmentId;
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : null;
}

export function presentRun(row: RunRow & { plan_name?: string }) {
  return {
    id: row.id,
    testPlanId: row.test_plan_id,
    buildNo: row.build_no,
    result: row.result,
    startTime: formatApiTime(row.start_time),
    endTime: formatApiTime(row.end_time),
    duration: row.duration,
    executor: row.executor,
    triggeredType: row.triggered_type,
    metrics: withLevelMetrics(
      {
        id: row.metrics_id,
        testPlanResultId: row.id,
      },
      row,
      'consolidatedPlan',
    ),
    status: row.status,
    message: row.message,
    reRunParentId: row.re_run_parent_id,
    reRunType: row.re_run_type,
    testPlanName: row.plan_name ?? null,
    environment: json(row.environment),
    environmentId: environmentIdOf(row.environment),
  };
}

export function deviceConfiguration(row: MachineRow) {
  return {
    title: row.title,
    osVersion: row.os_version,
    browser: row.browser,
    browserVersion: row.browser_version,
    resolution: row.resolution,
    platform: row.platform,
    deviceName: row.device_name,
    hostName: row.host_name,
    osType: row.os_type,
  };
}

export function presentMachine(row: MachineRow) {
  return {
    id: row.id,
    testRunId: row.test_run_id,
    result: row.result,
    startTime: formatApiTime(row.start_time),
    endTime: formatApiTime(row.end_time),
    duration: row.duration,
    deviceConfiguration: deviceConfiguration(row),
    metrics: withLevelMetrics(
      {
        id: row.metrics_id,
        testDeviceResultId: row.id,
        testPlanResultId: row.test_run_id,
      },
      row,
      'consolidated',
    ),
    appDetails: json(row.app_details),
    status: row.status,
    reRunParentId: row.re_run_parent_id,
  };
}

export function presentSuite(row: SuiteRow) {
  return {
    id: row.id,
    suiteId: row.suite_id,
    testRunId: row.test_run_id,
    testMachineRunId: row.machine_result_id,
    startTime: formatApiTime(row.start_time),
    endTime: formatApiTime(row.end_time),
    duration: row.duration,
    result: row.result,
    metrics: withLevelMetrics(
      {
        id: row.metrics_id,
        testSuiteResultId: row.id,
        testDeviceResultId: row.machine_result_id,
        testPlanResultId: row.test_run_id,
      },
      row,
      'consolidated',
    ),
    name: row.name,
    status: row.status,
    reRunParentId: row.re_run_parent_id,
    // The later docs' sample (reference.md §3.3) carries these; a suite has no device of its own.
    deviceConfiguration: null,
    appDetails: null,
    message: row.message,
  };
}

export function presentCase(row: CaseRow) {
  return {
    id: row.id,
    testCaseId: row.test_case_id,
    startTime: formatApiTime(row.start_time),
    endTime: formatApiTime(row.end_time),
    duration: row.duration,
    result: row.result,
    isDisabled: row.is_disabled === 1,
    isDataDriven: row.is_data_driven === 1,
    metrics: {
      id: row.metrics_id,
      testCaseResultId: row.id,
      testSuiteResultId: row.suite_result_id,
      testDeviceResultId: row.machine_result_id,
      testPlanResultId: row.test_run_id,
      ...metricCounts(row, CASE_METRIC_KEYS),
      result: row.result,
      latestResult: row.latest_result,
      duration: row.duration,
      consolidatedDuration: row.consolidated_duration,
    },
    name: row.name,
    message: row.message,
    status: row.status,
    testRunId: row.test_run_id,
    testSuiteResultId: row.suite_result_id,
    testMachineResultId: row.machine_result_id,
    suiteId: row.suite_id,
    parentId: row.parent_id,
    iteration: row.iteration,
    dataSetName: row.data_set_name,
    skipped: row.skipped === 1,
    flaky: row.flaky === 1,
    errorType: row.error_type,
    reRunParentId: row.re_run_parent_id,
    appDetails: null,
    category: row.category,
  };
}

/** Details only the case page needs (long text), kept out of list bodies. Labels are an iteration's parent's. */
export function presentCaseDetails(row: CaseRow, labels: readonly { name: string; value: string }[] = []) {
  return {
    stackTrace: row.stack_trace,
    systemOut: row.system_out,
    systemErr: row.system_err,
    attempts: json(row.attempts),
    properties: json(row.properties),
    labels: labels.map((l) => ({ name: l.name, value: l.value })),
    links: json(row.links),
    parameters: json(row.parameters),
    category: row.category,
  };
}

export function presentStep(row: StepResultTable) {
  return {
    id: row.id,
    testMachineResultId: row.machine_result_id,
    testCaseResultId: row.case_result_id,
    testCaseId: row.test_case_id,
    stepId: row.step_id,
    type: row.type,
    action: row.action,
    message: row.message,
    errorCode: row.error_code,
    errorType: row.error_type,
    result: row.result,
    conditionalResult: null,
    visualTestResult: null,
    startTime: formatApiTime(row.start_time),
    endTime: formatApiTime(row.end_time),
    duration: row.duration,
    visualEnabled: false,
    priority: row.priority,
    parentStepResultId: row.parent_step_result_id,
    depth: row.depth,
    skipped: row.skipped === 1,
    parameters: json(row.parameters),
  };
}

/** What an importer tolerated in a report of the run. */
export function presentWarning(row: WarningRow) {
  return { file: row.file, code: row.code, message: row.message, line: row.line_no, column: row.column_no };
}
