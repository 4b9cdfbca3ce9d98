/**
 * Normalized results -> table rows: the one place that lays out case and step rows and the metric
 * columns, shared by one-shot ingestion (write-run.ts), imports (import-report.ts) and recounts.
 */
import type { Counts } from '../core/counts.js';
import { uuidv7 } from '../core/ids.js';
import type { NormalizedCase, NormalizedStep } from './normalized.js';

export function countColumns(c: Counts) {
  return {
    total_count: c.totalCount,
    passed_count: c.passedCount,
    failed_count: c.failedCount,
    aborted_count: c.abortedCount,
    stopped_count: c.stoppedCount,
    not_executed_count: c.notExecutedCount,
    queued_count: c.queuedCount,
    running_count: c.runningCount,
    skipped_count: c.skippedCount,
  };
}

export function consolidatedCountColumns(c: Counts) {
  return {
    c_total_count: c.totalCount,
    c_passed_count: c.passedCount,
    c_failed_count: c.failedCount,
    c_aborted_count: c.abortedCount,
    c_stopped_count: c.stoppedCount,
    c_not_executed_count: c.notExecutedCount,
    c_queued_count: c.queuedCount,
    c_running_count: c.runningCount,
    c_skipped_count: c.skippedCount,
  };
}

/** Where a case row sits: run, machine, suite and identities. */
export interface CasePlace {
  workspace_id: number;
  test_run_id: number;
  machine_result_id: number;
  suite_result_id: number;
  suite_id: number;
  test_case_id: number;
}

export interface CaseRowIds {
  id: number;
  metricsId: number;
  /** The data-driven parent of an iteration row. */
  parentId: number | null;
  position: number;
  /** The same test's row in the re-run parent. */
  reRunParentId: number | null;
  now: number;
}

/** A fresh case row is its own re-run chain: latest result and consolidated duration are its own. */
export function caseResultRow(c: NormalizedCase, place: CasePlace, ids: CaseRowIds) {
  return {
    id: ids.id,
    ...place,
    created_at: ids.now,
    updated_at: ids.now,
    parent_id: ids.parentId,
    iteration: c.iteration,
    data_set_name: c.dataSetName,
    position: ids.position,
    name: c.name,
    message: c.message,
    skipped: c.skipped ? 1 : 0,
    is_data_driven: c.isDataDriven ? 1 : 0,
    is_disabled: c.isDisabled ? 1 : 0,
    flaky: c.flaky ? 1 : 0,
    error_type: c.errorType,
    stack_trace: c.stackTrace,
    system_out: c.systemOut,
    system_err: c.systemErr,
    attempts: c.attempts ? JSON.stringify(c.attempts) : null,
    properties: c.properties ? JSON.stringify(c.properties) : null,
    result_given: 1,
    result: c.result,
    status: c.status,
    start_time: c.startTime,
    end_time: c.endTime,
    duration: c.duration,
    re_run_parent_id: ids.reRunParentId,
    client_key: null,
    ...countColumns(c.counts),
    metrics_id: ids.metricsId,
    latest_result: c.result,
    consolidated_duration: c.duration,
  };
}

/**
 * The step rows of one case, appended to `out`. `position` is the depth-first order within the case, so
 * one ORDER BY lists groups followed by their children. `stepIdOf` gives the step identity by path key.
 */
export function pushStepResultRows(
  out: Record<string, unknown>[],
  steps: readonly NormalizedStep[],
  place: { workspace_id: number; test_run_id: number; machine_result_id: number; case_result_id: number; test_case_id: number },
  stepIdOf: (pathKey: string) => number,
  now: number,
): void {
  let position = 0;
  const walk = (list: readonly NormalizedStep[], parent: string | null, depth: number) => {
    for (const st of list) {
      const id = st.fixed?.uuid ?? uuidv7(now);
      out.push({
        id,
        ...place,
        step_id: stepIdOf(st.pathKey),
        parent_step_result_id: parent,
        position: position++,
        depth,
        type: st.type,
        action: st.action,
        priority: st.priority,
        result: st.result,
        skipped: st.skipped ? 1 : 0,
        message: st.message,
        error_code: st.errorCode,
        error_type: st.errorType,
        condition_type: st.conditionType,
        ignore_result: st.ignoreResult ? 1 : 0,
        start_time: st.startTime,
        end_time: st.endTime,
        duration: st.duration,
        client_key: null,
        created_at: now,
      });
      walk(st.children, id, depth + 1);
    }
  };
  walk(steps, null, 0);
}

/** Every step of a tree, parents before their children. */
export function flattenSteps(steps: readonly NormalizedStep[]): NormalizedStep[] {
  return steps.flatMap((s) => [s, ...flattenSteps(s.children)]);
}
