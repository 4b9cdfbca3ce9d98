/**
 * Keyed patches of cases and steps, as the live API (and later the ReportPortal mapping) sends them
 * while tests run: a key seen before updates its row with the fields the patch gives, a new key inserts a
 * row. Counts and results that the patch leaves open are recounted from the rows when the batch settles.
 */
import { invalidField } from '../core/errors.js';
import { uuidv7 } from '../core/ids.js';
import { fit } from '../core/text.js';
import { STEP_ERROR_TYPE_WIDTH } from '../store/result-rows.js';
import { errorTypeOf } from '../core/normalize-case.js';
import type { AttemptDocument, InputResult, LiveState } from '../core/document.js';
import { normalizeResultName } from '../core/results.js';
import type { Result, StepConditionType, StepPriority, StepType, Status } from '../core/vocabulary.js';
import { ensureIdentities, TEST_CASE, TEST_STEP } from '../store/identity-repository.js';
import { zeroCountColumns } from '../store/metric-columns.js';
import { countChildSteps, countRows, findByKeys, findCasesOfTests, findStepsByKeys, insertRow, updateCase, updateStep } from '../store/result-repository.js';
import { defined, flag, json } from './patch-values.js';
import type { RunWriter, SuiteRef } from './run-writer.js';

export const STATUS_OF_STATE: Record<LiveState, Status> = { QUEUED: 'STATUS_QUEUED', RUNNING: 'STATUS_IN_PROGRESS', FINISHED: 'STATUS_COMPLETED' };

/** A case as a patch: `undefined` leaves a stored field as it is; times are epoch ms. */
export interface CasePatch {
  key: string;
  suite: SuiteRef;
  /** For an iteration: the key of its data-driven parent case. */
  parentKey?: string | null;
  name: string;
  identity?: string | null;
  state?: LiveState | null;
  result?: InputResult | null;
  message?: string | null;
  startTime?: number | null;
  endTime?: number | null;
  duration?: number | null;
  isDataDriven?: boolean | null;
  isDisabled?: boolean | null;
  flaky?: boolean | null;
  errorType?: string | null;
  stackTrace?: string | null;
  systemOut?: string | null;
  systemErr?: string | null;
  attempts?: AttemptDocument[] | null;
  properties?: Record<string, string> | null;
  /** Where the patch sits in the request, for errors (`cases[3]`). */
  at: string;
}

export interface StepPatch {
  key: string;
  caseKey: string;
  /** Key of the enclosing step group. */
  parentKey?: string | null;
  action: string;
  type?: StepType | null;
  priority?: StepPriority | null;
  result?: InputResult | null;
  message?: string | null;
  errorCode?: number | null;
  errorType?: string | null;
  conditionType?: StepConditionType | null;
  ignoreResult?: boolean | null;
  startTime?: number | null;
  endTime?: number | null;
  duration?: number | null;
  at: string;
}


interface CaseRef {
  id: number;
  machineId: number;
  testCaseId: number;
}

/** Cases of this writer's run by client key, kept across the patches of one batch. */
const known = new WeakMap<RunWriter, Map<string, CaseRef>>();
const casesOf = (w: RunWriter) => known.get(w) ?? known.set(w, new Map()).get(w)!;

export async function patchCases(w: RunWriter, items: readonly CasePatch[]): Promise<void> {
  if (!items.length) return;
  const found = new Map((await findByKeys(w.db, 'case_results', w.runId, items.map((c) => c.key))).map((r) => [r.client_key, r]));
  const identityOf = (c: CasePatch) => c.identity?.trim() || `${c.suite.name}::${c.name.trim()}`;
  const identities = await ensureIdentities(w.db, w.traits, w.workspaceId, TEST_CASE, items.map((c) => ({ key: [identityOf(c)], extra: { name: c.name.trim() } })));
  for (const c of items) {
    if (!c.name.trim()) throw invalidField(`${c.at}.name`, 'must be a non-empty case name', c.name);
    const given = c.result ? normalizeResultName(c.result) : undefined;
    if (given?.result === 'QUEUED' && c.state === 'FINISHED') throw invalidField(`${c.at}.result`, 'is QUEUED, but state is FINISHED', c.result);
    const row = found.get(c.key);
    if (row && row.suite_result_id !== c.suite.id) throw invalidField(`${c.at}.suiteKey`, `names another suite than the one case "${c.key}" was reported in; a case cannot move`, c.suite.name);
    checkTimes(c, row, c.at);
    let state: LiveState | undefined = c.state ?? (given ? (given.result === 'QUEUED' ? 'QUEUED' : 'FINISHED') : undefined);
    // A late or retried batch never moves a case backwards (FINISHED -> RUNNING -> QUEUED): its state is ignored.
    const backwards = row !== undefined && state !== undefined && STATE_ORDER[STATUS_OF_STATE[state]] < STATE_ORDER[row.status as Status];
    if (backwards) state = undefined;
    const columns = defined({
      name: c.name.trim(),
      message: c.message,
      start_time: c.startTime,
      end_time: c.endTime,
      duration: c.duration,
      is_data_driven: flag(c.isDataDriven),
      is_disabled: flag(c.isDisabled),
      flaky: flag(c.flaky),
      error_type: c.errorType,
      stack_trace: c.stackTrace,
      system_out: c.systemOut,
      system_err: c.systemErr,
      attempts: json(c.attempts),
      properties: json(c.properties),
      status: state ? STATUS_OF_STATE[state] : undefined,
      result: backwards ? undefined : given && given.result !== 'QUEUED' ? given.result : state && state !== 'FINISHED' ? ('QUEUED' as Result) : undefined,
      result_given: backwards ? undefined : given && given.result !== 'QUEUED' ? (1 as const) : state === 'FINISHED' ? (0 as const) : undefined,
      skipped: backwards || !given ? undefined : given.skipped ? (1 as const) : (0 as const),
      updated_at: w.now,
    });
    let parentId: number | null = null;
    if (c.parentKey) {
      const parent = casesOf(w).get(c.parentKey) ?? (await caseByKey(w, c.parentKey, `${c.at}.parentKey`));
      parentId = parent.id;
      await updateCase(w.db, parentId, { is_data_driven: 1 });
      w.touchedCases.add(parentId);
    }
    if (row) {
      await updateCase(w.db, row.id, columns);
      casesOf(w).set(c.key, { id: row.id, machineId: row.machine_result_id as number, testCaseId: row.test_case_id as number });
      w.touchedCases.add(row.id);
      continue;
    }
    const [id] = await w.traits.allocateIds(w.db, 'case_results', 1);
    const [metricsId] = await w.traits.allocateIds(w.db, 'metrics', 1);
    const testCaseId = identities.get(identityOf(c))!;
    const reRunParent = parentId === null && c.suite.parentId !== null ? (await findCasesOfTests(w.db, c.suite.parentId, [testCaseId]))[0] : undefined;
    const iteration = parentId === null ? null : (await countRows(w.db, 'case_results', { column: 'parent_id', value: parentId })) + 1;
    await insertRow(w.db, 'case_results', {
      id: id!, workspace_id: w.workspaceId, test_run_id: w.runId, machine_result_id: c.suite.machineId, suite_result_id: c.suite.id, suite_id: c.suite.suiteId, test_case_id: testCaseId,
      parent_id: parentId, iteration, data_set_name: parentId === null ? null : c.name.trim(), position: parentId === null ? c.suite.nextPosition++ : iteration! - 1, name: c.name.trim(), message: null,
      skipped: 0, is_data_driven: 0, is_disabled: 0, flaky: 0, error_type: null, stack_trace: null, system_out: null, system_err: null, attempts: null, properties: null,
      result_given: 0, result: 'QUEUED', status: 'STATUS_IN_PROGRESS', start_time: null, end_time: null, duration: null,
      re_run_parent_id: reRunParent?.id ?? null, client_key: c.key, created_at: w.now,
      metrics_id: metricsId!, ...zeroCountColumns(), latest_result: 'QUEUED', consolidated_duration: null,
      ...columns,
    });
    casesOf(w).set(c.key, { id: id!, machineId: c.suite.machineId, testCaseId });
    w.written.cases++;
    // The same key again later in this batch updates this row, as if it came in the next batch.
    found.set(c.key, { id: id!, client_key: c.key, suite_result_id: c.suite.id, machine_result_id: c.suite.machineId, test_case_id: testCaseId, status: columns.status ?? 'STATUS_IN_PROGRESS', start_time: columns.start_time ?? null, end_time: columns.end_time ?? null });
    w.touchedCases.add(id!);
  }
}

const STATE_ORDER: Record<Status, number> = { STATUS_CREATED: 0, STATUS_QUEUED: 0, STATUS_PRE_FLIGHT: 1, STATUS_IN_PROGRESS: 1, STATUS_COMPLETED: 2 };

/** An end before a start is refused, whether both came in this patch or one was stored before. */
export function checkTimes(p: { startTime?: number | null; endTime?: number | null }, stored: Record<string, unknown> | undefined, at: string): void {
  const start = p.startTime !== undefined ? p.startTime : ((stored?.start_time as number | null | undefined) ?? null);
  const end = p.endTime !== undefined ? p.endTime : ((stored?.end_time as number | null | undefined) ?? null);
  if (start !== null && end !== null && end < start) throw invalidField(`${at}.endTime`, 'is before startTime', p.endTime ?? end);
}

export async function patchSteps(w: RunWriter, items: readonly StepPatch[]): Promise<void> {
  if (!items.length) return;
  const found = new Map((await findStepsByKeys(w.db, w.runId, items.map((s) => s.key))).map((r) => [r.client_key!, r]));
  const inBatch = new Map<string, { id: string; pathKey: string }>();
  for (const s of items) {
    if (!s.action.trim()) throw invalidField(`${s.at}.action`, 'must be a non-empty step description', s.action);
    checkTimes(s, undefined, s.at);
    const theCase = casesOf(w).get(s.caseKey) ?? (await caseByKey(w, s.caseKey, `${s.at}.caseKey`));
    const given = s.result ? normalizeResultName(s.result) : undefined;
    const columns = defined({
      action: s.action,
      type: s.type ?? undefined,
      priority: s.priority ?? undefined,
      result: given?.result,
      skipped: given ? (given.skipped ? (1 as const) : (0 as const)) : undefined,
      message: s.message,
      error_code: s.errorCode,
      error_type: fit(s.errorType, STEP_ERROR_TYPE_WIDTH) ?? (s.errorCode ? (errorTypeOf(s.errorCode) ?? undefined) : undefined),
      condition_type: s.conditionType ?? undefined,
      ignore_result: flag(s.ignoreResult),
      start_time: s.startTime,
      end_time: s.endTime,
      duration: s.duration,
    });
    w.touchedCases.add(theCase.id);
    const row = found.get(s.key);
    if (row) {
      if (row.case_result_id !== theCase.id) throw invalidField(`${s.at}.caseKey`, `is "${s.caseKey}", but step "${s.key}" belongs to another case`, s.caseKey);
      await updateStep(w.db, row.id, columns);
      continue;
    }
    const parent = s.parentKey ? (inBatch.get(s.parentKey) ?? (await stepByKey(w, s.parentKey, `${s.at}.parentKey`))) : null;
    const pathKey = `${parent ? `${parent.pathKey}.` : ''}${(await countChildSteps(w.db, theCase.id, parent?.id ?? null)) + 1}`;
    const identity = await ensureIdentities(w.db, w.traits, w.workspaceId, TEST_STEP, [{ key: [theCase.testCaseId, pathKey], extra: { action: s.action } }]);
    const id = uuidv7(w.now);
    await insertRow(w.db, 'step_results', {
      id, workspace_id: w.workspaceId, test_run_id: w.runId, machine_result_id: theCase.machineId, case_result_id: theCase.id, test_case_id: theCase.testCaseId,
      step_id: identity.get(`${theCase.testCaseId}\u0000${pathKey}`)!, parent_step_result_id: parent?.id ?? null,
      position: await countRows(w.db, 'step_results', { column: 'case_result_id', value: theCase.id }), depth: parent ? pathKey.split('.').length - 1 : 0,
      type: 'ACTION_TEXT', action: s.action, priority: 'MAJOR', result: 'QUEUED', skipped: 0, message: null, error_code: null, error_type: null,
      condition_type: 'NOT_USED', ignore_result: 0, start_time: null, end_time: null, duration: null, client_key: s.key, created_at: w.now,
      ...columns,
    });
    inBatch.set(s.key, { id, pathKey });
    w.written.steps++;
    found.set(s.key, { id, client_key: s.key, case_result_id: theCase.id, step_id: identity.get(`${theCase.testCaseId}\u0000${pathKey}`)!, path_key: pathKey });
  }
}

async function caseByKey(w: RunWriter, key: string, field: string): Promise<CaseRef> {
  const row = (await findByKeys(w.db, 'case_results', w.runId, [key]))[0];
  if (!row) throw invalidField(field, `names case "${key}", which this run does not have`, key);
  const ref = { id: row.id, machineId: row.machine_result_id as number, testCaseId: row.test_case_id as number };
  casesOf(w).set(key, ref);
  return ref;
}

async function stepByKey(w: RunWriter, key: string, field: string) {
  const row = (await findStepsByKeys(w.db, w.runId, [key]))[0];
  if (!row) throw invalidField(field, `names step "${key}", which this run does not have`, key);
  return { id: row.id, pathKey: row.path_key };
}
