/**
 * Test items: starts and finishes onto the writer. Stat-bearing ancestors are suite nodes (one Verdict
 * suite per path, `Cart › Coupons`), a stat-bearing item without stat-bearing children is a case, and
 * its hasStats=false descendants are steps and step groups (tree.ts says how an item's place is decided
 * and corrected). A start sent again (same UUID, or without one the same body while the item is
 * unfinished) finds its item and changes nothing; so does a finish sent again.
 */
import { randomUUID } from 'node:crypto';
import { TEXT_LIMITS } from '../../core/document.js';
import { caseProperties, errorText, flakyOf, identityOf, joinPath, messageOfError, resultOfStatus, retryOf, roleOnStart, testKeyOf } from '../../core/reportportal.js';
import type { RpItemFinish, RpItemStart } from '../../core/reportportal-requests.js';
import { normalizeResultName } from '../../core/results.js';
import { rollUp } from '../../core/rollup.js';
import { span } from '../../core/time.js';
import { fit } from '../../core/text.js';
import { childStepResults, findCaseById, findStepsByKeys, findSuiteByName, updateCase } from '../../store/result-repository.js';
import { findCaseAttempts, findRpItem, findUnfinishedByStartHash, insertRpItem, updateRpItem, type RpItemRow } from '../../store/rp-item-repository.js';
import { patchSteps } from '../case-patches.js';
import type { Ingest } from '../ingest-service.js';
import { defined, json } from '../patch-values.js';
import { lockLaunch } from './launches.js';
import { attemptOf, caseToSuite, createCase, finishEarlierAttempt, nextAttempt, orderSteps, parseAttempts, suiteToCase, type TreeContext } from './tree.js';
import { fingerprint, invalid, rpNotFound, timeOf } from './values.js';

const itemNotFound = (uuid: string) => rpNotFound('TEST_ITEM_NOT_FOUND', `Test Item '${uuid}' not found. Did you use correct Test Item ID?`);

export async function startItem(ingest: Ingest, workspaceId: number, parentUuid: string | null, start: RpItemStart): Promise<{ uuid: string }> {
  const startTime = timeOf(start.startTime, 'startTime');
  const hash = start.uuid ? null : fingerprint(['item', parentUuid, start]);
  return ingest.write(workspaceId, async (tx) => {
    const lock = await lockLaunch(tx, workspaceId, start.launchUuid, { startTime });
    const known = start.uuid ? await findRpItem(tx.db, workspaceId, start.uuid) : await findUnfinishedByStartHash(tx.db, workspaceId, 'item', hash!);
    if (known) {
      if (known.kind === 'launch' || known.kind === 'log') throw invalid('uuid', `"${start.uuid}" is taken by a launch`);
      return { uuid: known.uuid };
    }
    const parent = parentUuid === null ? null : ((await findRpItem(tx.db, workspaceId, parentUuid)) ?? null);
    if (parentUuid !== null && (!parent || parent.kind === 'launch' || parent.kind === 'log')) throw itemNotFound(parentUuid);
    const uuid = start.uuid ?? randomUUID();
    await place({ tx, workspaceId, lock }, { uuid, parent, start, startTime, hash });
    return { uuid };
  });
}

interface Placing {
  uuid: string;
  parent: RpItemRow | null;
  start: RpItemStart;
  startTime: number | null;
  hash: string | null;
}

async function place(ctx: TreeContext, p: Placing): Promise<void> {
  const { tx, workspaceId } = ctx;
  const name = p.start.name.trim();
  const row = {
    workspace_id: workspaceId, uuid: p.uuid, launch_uuid: p.start.launchUuid, parent_uuid: p.parent?.uuid ?? null, name, item_type: p.start.type ?? null, test_key: testKeyOf(p.start),
    start_hash: p.hash, test_run_id: ctx.lock.writer.runId, start_time: p.startTime, started: 1 as const, created_at: tx.now, updated_at: tx.now,
  };
  let container = p.parent;
  const role = roleOnStart(p.start.type);
  // Stat-bearing under a nested step counts as the step it sits in; so does a hook inside a test.
  const nested = p.start.hasStats === false || container?.kind === 'step' || (role === 'hook' && container?.kind === 'case');
  // A hook outside any test (a class's setup) is not counted: known, but it writes nothing.
  if (!nested && role === 'hook') return void (await insertRpItem(tx.db, { ...row, kind: 'detached' }));
  if (nested) {
    if (container?.kind === 'suite' && !container.has_children) container = await suiteToCase(ctx, container);
    if (container?.kind !== 'case' && container?.kind !== 'step') return void (await insertRpItem(tx.db, { ...row, kind: 'detached' }));
    const owner = container.kind === 'case' ? container : await findRpItem(tx.db, workspaceId, container.case_uuid!);
    const stepPath = container.kind === 'step' ? joinPath(container.step_path, name) : name;
    const step = { ...row, kind: 'step' as const, case_result_id: container.case_result_id, case_uuid: owner?.uuid ?? null, verdict_key: p.uuid, step_path: stepPath };
    if (!container.has_steps) await updateRpItem(tx.db, workspaceId, container.uuid, { has_steps: 1 });
    // A step of an attempt a retry replaced is known, but writes no row.
    if (owner && !owner.superseded && owner.verdict_key) {
      await patchSteps(ctx.lock.writer, [{ key: p.uuid, caseKey: owner.verdict_key, parentKey: container.kind === 'step' ? container.verdict_key : null, action: name, startTime: p.startTime, at: 'item' }]);
      await orderSteps(ctx, container.case_result_id!);
    }
    await insertRpItem(tx.db, step);
    return;
  }
  if (container?.kind === 'case') container = await caseToSuite(ctx, container);
  if (container?.kind === 'detached') return void (await insertRpItem(tx.db, { ...row, kind: 'detached' }));
  if (container && !container.has_children) await updateRpItem(tx.db, workspaceId, container.uuid, { has_children: 1 });
  const suitePath = container ? joinPath(container.suite_path, container.name ?? '') : null;
  if (role === 'suite') return void (await insertRpItem(tx.db, { ...row, kind: 'suite', suite_path: suitePath }));

  const retry = retryOf(p.start);
  if (retry.retry) {
    const of = retry.of ? await findRpItem(tx.db, workspaceId, retry.of) : undefined;
    const previous = of?.kind === 'case' ? of : (await findCaseAttempts(tx.db, workspaceId, p.start.launchUuid, p.parent?.uuid ?? null, row.test_key))[0];
    if (previous?.case_result_id) {
      const next = await nextAttempt(ctx, previous, p.startTime);
      await insertRpItem(tx.db, { ...row, kind: 'case', suite_path: previous.suite_path, case_result_id: next.caseResultId, case_uuid: p.uuid, verdict_key: next.verdictKey, attempt: next.attempt });
      return;
    }
  }
  const properties = caseProperties(p.start, null, null);
  const id = await createCase(ctx, {
    uuid: p.uuid,
    suitePath,
    suiteStart: container ? container.start_time : p.startTime,
    patch: { name, identity: identityOf(p.start), startTime: p.startTime, properties: Object.keys(properties).length ? properties : undefined },
  });
  await insertRpItem(tx.db, { ...row, kind: 'case', suite_path: suitePath, case_result_id: id, case_uuid: p.uuid, verdict_key: p.uuid, attempt: 1 });
}

export async function finishItem(ingest: Ingest, workspaceId: number, uuid: string, finish: RpItemFinish): Promise<void> {
  const endTime = timeOf(finish.endTime, 'endTime');
  await ingest.write(workspaceId, async (tx) => {
    const found = await findRpItem(tx.db, workspaceId, uuid);
    if (!found || found.kind === 'launch' || found.kind === 'log') throw itemNotFound(uuid);
    const lock = await lockLaunch(tx, workspaceId, found.launch_uuid, {});
    const ctx = { tx, workspaceId, lock };
    let item = (await findRpItem(tx.db, workspaceId, uuid))!;
    if (item.finished) return;
    const given = resultOfStatus(finish.status);
    if (item.kind === 'suite' && !item.has_children && !item.has_steps && given) item = await suiteToCase(ctx, item);
    if (item.kind === 'suite') await finishSuite(ctx, item, endTime);
    else if (item.kind === 'case') await finishCase(ctx, item, finish, endTime);
    else if (item.kind === 'step') await finishStep(ctx, item, finish, endTime);
    await updateRpItem(tx.db, workspaceId, uuid, { finished: 1, status: finish.status ?? null, updated_at: tx.now });
  });
}

/** A suite node ends: the Verdict suite of its own path (if a case landed there) is complete. */
async function finishSuite(ctx: TreeContext, item: RpItemRow, endTime: number | null): Promise<void> {
  const path = joinPath(item.suite_path, item.name ?? '');
  if (!(await findSuiteByName(ctx.tx.db, ctx.lock.machine.id, path))) return;
  await ctx.lock.writer.suites(ctx.lock.machine, [{ name: path, status: 'STATUS_COMPLETED', ...(endTime !== null ? { endTime } : {}) }]);
}

/**
 * A case ends with the status given (none: from its steps). A failure's message is the error its finish
 * carries in the description, else its first error log; the whole error is the stack trace. Flaky when it
 * passed after a failed attempt.
 */
async function finishCase(ctx: TreeContext, item: RpItemRow, finish: RpItemFinish, endTime: number | null): Promise<void> {
  const { db, now } = ctx.tx;
  const row = await findCaseById(db, item.case_result_id!);
  if (!row) return;
  const given = resultOfStatus(finish.status);
  const result = given ? normalizeResultName(given) : undefined;
  // The error the finish reports, else the first error log (logs sent together race; a finish is one).
  const error = result?.result === 'FAILURE' ? (errorText(finish.description) ?? item.first_error) : null;
  const message = error ? fit(messageOfError(error), TEXT_LIMITS.text) : null;
  if (item.superseded) {
    const duration = span(item.start_time, endTime);
    return finishEarlierAttempt(ctx, item, attemptOf({ result: result?.result ?? 'SUCCESS', skipped: result?.skipped ? 1 : 0, message, duration, stack_trace: error }));
  }
  const properties = caseProperties(null, finish, row.properties ? (JSON.parse(row.properties) as Record<string, string>) : null);
  const start = row.start_time ?? item.start_time;
  await updateCase(
    db,
    row.id,
    defined({
      status: 'STATUS_COMPLETED' as const,
      result: result?.result,
      result_given: result ? (1 as const) : (0 as const),
      skipped: result ? (result.skipped ? (1 as const) : (0 as const)) : undefined,
      end_time: endTime ?? undefined,
      duration: span(start, endTime) ?? undefined,
      message: row.message === null && message ? message : undefined,
      stack_trace: row.stack_trace === null && error ? fit(error, TEXT_LIMITS.text) : undefined,
      properties: Object.keys(properties).length ? json(properties) : undefined,
      flaky: result && flakyOf(parseAttempts(row.attempts), result.result) ? (1 as const) : undefined,
      updated_at: now,
    }),
  );
  ctx.lock.writer.touchedCases.add(row.id);
}

/** A step ends with its status; none: from its child steps (passed when it has none). */
async function finishStep(ctx: TreeContext, item: RpItemRow, finish: RpItemFinish, endTime: number | null): Promise<void> {
  const { db } = ctx.tx;
  const owner = item.case_uuid ? await findRpItem(db, ctx.workspaceId, item.case_uuid) : undefined;
  if (!owner || owner.superseded || !owner.verdict_key) return;
  const w = ctx.lock.writer;
  const stored = (await findStepsByKeys(db, w.runId, [item.uuid]))[0];
  if (!stored) return;
  const given = resultOfStatus(finish.status) ?? rollUp(await childStepResults(db, stored.id)) ?? 'SUCCESS';
  const failed = normalizeResultName(given).result === 'FAILURE';
  const error = failed ? (errorText(finish.description) ?? item.first_error) : null;
  await patchSteps(w, [{ key: item.uuid, caseKey: owner.verdict_key, action: item.name ?? item.uuid, result: given, endTime, duration: span(item.start_time, endTime), message: error ? fit(messageOfError(error), TEXT_LIMITS.text) : undefined, at: 'finish' }]);
}
