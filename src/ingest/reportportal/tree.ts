/**
 * Where an item sits in Verdict, and how that changes as the tree grows. A case is only known to be one
 * when it finishes without stat-bearing children, so each item is placed by its type when it starts
 * (core/reportportal.ts `roleOnStart`) and corrected when the tree says otherwise:
 *  - a case that gains a stat-bearing child becomes a suite node (its case row goes);
 *  - a suite node that gains a nested (hasStats=false) step, or finishes with a status and no children,
 *    becomes a case in the suite that holds it;
 *  - a retry (`retry: true`) of a case is its next attempt: the row shows the latest attempt, the earlier
 *    ones are kept in `attempts` (their steps go; their output and attachments stay on the case).
 */
import { TEXT_LIMITS } from '../../core/document.js';
import { ROOT_SUITE } from '../../core/reportportal.js';
import type { AttemptDocument } from '../../core/document.js';
import { detachFromCase, detachFromSteps } from '../../store/attachment-repository.js';
import { depthFirstOrder } from '../../core/steps.js';
import { flakyOf } from '../../core/reportportal.js';
import type { Result } from '../../core/vocabulary.js';
import { appendCaseOutput, deleteCaseResult, deleteCaseSteps, findByKeys, findCaseById, setStepPosition, stepPlaces, updateCase } from '../../store/result-repository.js';
import { detachItemsOfCase, itemsOfCase, updateRpItem, type RpItemRow } from '../../store/rp-item-repository.js';
import type { IngestTransaction } from '../ingest-service.js';
import { patchCases, type CasePatch } from '../case-patches.js';
import type { SuiteRef } from '../run-writer.js';
import type { LaunchLock } from './launches.js';

export interface TreeContext {
  tx: IngestTransaction;
  workspaceId: number;
  lock: LaunchLock;
}

/** The Verdict suite (one per path, on the launch's machine) that holds cases at `path`. */
export async function suiteAt(ctx: TreeContext, path: string | null, startTime?: number | null): Promise<SuiteRef> {
  const [suite] = await ctx.lock.writer.suites(ctx.lock.machine, [{ name: path ?? ROOT_SUITE, ...(startTime !== null && startTime !== undefined ? { startTime } : {}) }]);
  return suite!;
}

/** Writes a new case row for an item; returns its id. */
export async function createCase(ctx: TreeContext, item: { uuid: string; suitePath: string | null; suiteStart?: number | null; patch: Omit<CasePatch, 'key' | 'suite' | 'at'> }): Promise<number> {
  const w = ctx.lock.writer;
  await patchCases(w, [{ ...item.patch, key: item.uuid, suite: await suiteAt(ctx, item.suitePath, item.suiteStart), state: 'RUNNING', at: 'item' }]);
  return (await findByKeys(w.db, 'case_results', w.runId, [item.uuid]))[0]!.id;
}

/** A suite node turns out to be a test (a nested step started under it, or it finished with a status and no children). */
export async function suiteToCase(ctx: TreeContext, item: RpItemRow): Promise<RpItemRow> {
  const name = item.name ?? item.uuid;
  const identity = item.test_key && item.test_key !== name ? item.test_key : null;
  const id = await createCase(ctx, { uuid: item.uuid, suitePath: item.suite_path, patch: { name, identity, startTime: item.start_time } });
  const set = { kind: 'case' as const, case_result_id: id, case_uuid: item.uuid, verdict_key: item.uuid, attempt: 1, updated_at: ctx.tx.now };
  await updateRpItem(ctx.tx.db, ctx.workspaceId, item.uuid, set);
  return { ...item, ...set };
}

/** A case gains a stat-bearing child: it was a suite. Its row goes (attachments stay with the run); its steps write nothing more. */
export async function caseToSuite(ctx: TreeContext, item: RpItemRow): Promise<RpItemRow> {
  const { db, now } = ctx.tx;
  const id = item.case_result_id!;
  await detachFromCase(db, id);
  await deleteCaseResult(db, id);
  await detachItemsOfCase(db, id, ['step', 'case'], now);
  const set = { kind: 'suite' as const, case_result_id: null, case_uuid: null, verdict_key: null, attempt: null, has_children: 1 as const, updated_at: now };
  await updateRpItem(db, ctx.workspaceId, item.uuid, set);
  return { ...item, ...set };
}

const parseAttempts = (text: string | null): AttemptDocument[] => (text ? (JSON.parse(text) as AttemptDocument[]) : []);

/** What an attempt leaves in `attempts`: its result, message, duration and stack trace. */
export function attemptOf(row: { result: string; skipped: number; message: string | null; duration: number | null; stack_trace: string | null }): AttemptDocument {
  const result = (row.result === 'NOT_EXECUTED' && row.skipped ? 'SKIPPED' : row.result) as AttemptDocument['result'];
  return { result, ...(row.message ? { message: row.message } : {}), ...(row.duration !== null ? { duration: row.duration } : {}), ...(row.stack_trace ? { stackTrace: row.stack_trace } : {}) };
}

/**
 * A retry starts: the case row becomes this attempt (in progress, no steps yet), the attempt it replaces
 * joins `attempts`, and the output marks where the new attempt begins.
 */
export async function nextAttempt(ctx: TreeContext, previous: RpItemRow, startTime: number | null): Promise<{ caseResultId: number; attempt: number; verdictKey: string }> {
  const { db, now } = ctx.tx;
  const id = previous.case_result_id!;
  const row = (await findCaseById(db, id))!;
  const attempts = [...parseAttempts(row.attempts), attemptOf(row)];
  for (const a of await itemsOfCase(db, id, ['case'])) if (!a.superseded) await updateRpItem(db, ctx.workspaceId, a.uuid, { superseded: 1, updated_at: now });
  await detachFromSteps(db, id);
  await deleteCaseSteps(db, id);
  await updateCase(db, id, { result: 'QUEUED', status: 'STATUS_IN_PROGRESS', result_given: 0, skipped: 0, message: null, stack_trace: null, start_time: startTime, end_time: null, duration: null, attempts: JSON.stringify(attempts), flaky: 0, updated_at: now });
  await appendCaseOutput(db, id, `── attempt ${attempts.length + 1} ──\n`, TEXT_LIMITS.text);
  ctx.lock.writer.touchedCases.add(id);
  return { caseResultId: id, attempt: attempts.length + 1, verdictKey: previous.verdict_key ?? previous.uuid };
}

/**
 * An earlier attempt finishes after its retry started (siblings' requests race): its entry in `attempts`
 * takes the result, and a case that passed already is flaky if this attempt failed.
 */
export async function finishEarlierAttempt(ctx: TreeContext, item: RpItemRow, attempt: AttemptDocument): Promise<void> {
  const row = await findCaseById(ctx.tx.db, item.case_result_id!);
  const attempts = parseAttempts(row?.attempts ?? null);
  if (!row || !attempts[(item.attempt ?? 1) - 1]) return;
  attempts[(item.attempt ?? 1) - 1] = attempt;
  const flaky = row.status === 'STATUS_COMPLETED' && flakyOf(attempts, row.result as Result);
  await updateCase(ctx.tx.db, row.id, { attempts: JSON.stringify(attempts), ...(flaky ? { flaky: 1 as const } : {}), updated_at: ctx.tx.now });
}

/** A new step came: the case's steps are numbered again, depth first, siblings by start time (core/steps.ts). */
export async function orderSteps(ctx: TreeContext, caseResultId: number): Promise<void> {
  const rows = await stepPlaces(ctx.tx.db, caseResultId);
  const ordered = depthFirstOrder(rows.map((r) => ({ id: r.id, parentId: r.parent_step_result_id, startTime: r.start_time, position: r.position })));
  for (const [position, step] of ordered.entries()) if (step.position !== position) await setStepPosition(ctx.tx.db, step.id, position);
}

export { parseAttempts };
