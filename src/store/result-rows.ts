/**
 * Normalized results -> table rows: the one place that lays out result rows and their metric columns,
 * for every way in (the ingest writer hands it core's normalized values).
 */
import { ZERO_COUNTS, type Counts } from '../core/counts.js';
import { uuidv7 } from '../core/ids.js';
import { fit } from '../core/text.js';
import { failureFingerprint, isFailed } from '../core/fingerprint.js';
import type { NormalizedCase, NormalizedStep } from '../core/normalized.js';
import type { Result, Status } from '../core/vocabulary.js';
import { consolidatedCountColumns, countColumns } from './metric-columns.js';
import type { CaseResultTable, StepResultTable } from './schema.js';

/**
 * A run, machine or suite row's result and metric columns. A fresh row is its own re-run chain:
 * consolidated counts, latest result and consolidated duration are its own until a re-run links it.
 */
export function resultAndMetricColumns(n: { result: Result; status: Status; startTime: number | null; endTime: number | null; duration: number | null }, counts: Counts = ZERO_COUNTS, metricsDuration: number | null = null) {
  return {
    result: n.result,
    status: n.status,
    start_time: n.startTime,
    end_time: n.endTime,
    duration: n.duration,
    ...countColumns(counts),
    ...consolidatedCountColumns(counts),
    metrics_duration: metricsDuration,
    consolidated_duration: metricsDuration,
    latest_result: n.result,
  };
}

/** step_results.error_type is varchar(100). */
export const STEP_ERROR_TYPE_WIDTH = 100;

/** Where a case row sits: run, machine, suite and identities. */
export type CasePlace = Pick<CaseResultTable, 'workspace_id' | 'test_run_id' | 'machine_result_id' | 'suite_result_id' | 'suite_id' | 'test_case_id'>;
/** Where a step row sits. */
export type StepPlace = Pick<StepResultTable, 'workspace_id' | 'test_run_id' | 'machine_result_id' | 'case_result_id' | 'test_case_id'>;

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
    category: fit(c.category, 500),
    links: c.links ? JSON.stringify(c.links) : null,
    parameters: c.parameters ? JSON.stringify(c.parameters) : null,
    result_given: 1,
    fingerprint: isFailed(c.result) ? failureFingerprint(c).key : null,
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
  place: StepPlace,
  stepIdOf: (pathKey: string) => number,
  now: number,
  /** Told each step row's id, for rows that refer to steps (attachments). */
  onStep?: (pathKey: string, id: string) => void,
): void {
  let position = 0;
  const walk = (list: readonly NormalizedStep[], parent: string | null, depth: number) => {
    for (const st of list) {
      const id = st.fixed?.uuid ?? uuidv7(now);
      onStep?.(st.pathKey, id);
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
        error_type: fit(st.errorType, STEP_ERROR_TYPE_WIDTH),
        condition_type: st.conditionType,
        ignore_result: st.ignoreResult ? 1 : 0,
        parameters: st.parameters ? JSON.stringify(st.parameters) : null,
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
