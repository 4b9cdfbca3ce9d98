/**
 * Whole cases into a run: the bulk path of the document and report imports.
 */
import { uuidv7 } from '../core/ids.js';
import type { FixedIds, NormalizedCase } from '../core/normalized.js';
import { fit } from '../core/text.js';
import { insertRows } from '../store/batch.js';
import type { StoredBlob } from '../store/blob-store.js';
import { ensureIdentities, TEST_CASE, TEST_STEP } from '../store/identity-repository.js';
import { findCasesOfTests, findIterations } from '../store/result-repository.js';
import { caseResultRow, flattenSteps, pushStepResultRows } from '../store/result-rows.js';
import { normalizeContentType } from './attachments.js';
import type { RunWriter, SuiteRef } from './run-writer.js';

/** An attachment whose bytes are in the blob store already, for the case, one of its iterations or a step. */
export interface CaseAttachment {
  /** 1-based iteration of a data-driven case; null for the case row itself. */
  iteration: number | null;
  /** The step's position path ("2.1") within that row; null for the row itself. */
  step: string | null;
  name: string;
  contentType: string | null;
  blob: StoredBlob;
}

/** A whole case for a suite; `key` makes it findable by the client's key later. */
export interface CaseAddition {
  suite: SuiteRef;
  case: NormalizedCase;
  key?: string | null;
  attachments?: readonly CaseAttachment[];
}

/**
 * Appends whole cases (with their iterations and step trees) in a few multi-row inserts: identities
 * first, ids allocated up front, each case linked to the same test in the re-run parent.
 */
export async function addCases(w: RunWriter, items: readonly CaseAddition[]): Promise<void> {
  if (!items.length) return;
  const caseIds = await ensureIdentities(w.db, w.traits, w.workspaceId, TEST_CASE, items.map((p) => ({ key: [p.case.identity], extra: { name: p.case.name }, fixedId: p.case.fixed?.identityId })));
  const stepSpecs = items.flatMap((p) =>
    [p.case, ...p.case.iterations].flatMap((row) => flattenSteps(row.steps).map((s) => ({ key: [caseIds.get(p.case.identity)!, s.pathKey] as const, extra: { action: s.action }, fixedId: s.fixed?.identityId }))),
  );
  const stepIds = stepSpecs.length ? await ensureIdentities(w.db, w.traits, w.workspaceId, TEST_STEP, stepSpecs) : new Map<string, number>();
  const rowsOf = (c: NormalizedCase) => [c, ...c.iterations];
  const unpinned = (pick: (f: FixedIds | undefined) => number | undefined) => items.reduce((n, p) => n + rowsOf(p.case).filter((r) => pick(r.fixed) === undefined).length, 0);
  const ids = await w.traits.allocateIds(w.db, 'case_results', unpinned((f) => f?.id));
  const metricIds = await w.traits.allocateIds(w.db, 'metrics', unpinned((f) => f?.metricsId));
  const parents = await parentCases(w, items.map((p) => ({ suite: p.suite, testCaseId: caseIds.get(p.case.identity)! })));

  const caseRows: Record<string, unknown>[] = [];
  const stepRows: Record<string, unknown>[] = [];
  const labelRows: Record<string, unknown>[] = [];
  const attachmentRows: Record<string, unknown>[] = [];
  for (const { suite, case: c, key, attachments } of items) {
    const testCaseId = caseIds.get(c.identity)!;
    const parentCase = parents.get(`${suite.id}\u0000${testCaseId}`);
    const place = { workspace_id: w.workspaceId, test_run_id: w.runId, machine_result_id: suite.machineId, suite_result_id: suite.id, suite_id: suite.suiteId, test_case_id: testCaseId };
    const stepIdOf = (pathKey: string) => stepIds.get(`${testCaseId}\u0000${pathKey}`)!;
    const stepPlace = (caseResultId: number) => ({ workspace_id: w.workspaceId, test_run_id: w.runId, machine_result_id: suite.machineId, case_result_id: caseResultId, test_case_id: testCaseId });
    const id = c.fixed?.id ?? ids.shift()!;
    // Step row ids by `iteration\0pathKey`, only when attachments refer to steps.
    const stepRowIds = attachments?.some((a) => a.step !== null) ? new Map<string, string>() : undefined;
    const noteStep = (iteration: number | null) => (stepRowIds ? (pathKey: string, stepRowId: string) => stepRowIds.set(`${iteration ?? ''}\u0000${pathKey}`, stepRowId) : undefined);
    caseRows.push({ ...caseResultRow(c, place, { id, metricsId: c.fixed?.metricsId ?? metricIds.shift()!, parentId: null, position: suite.nextPosition++, reRunParentId: parentCase?.id ?? null, now: w.now }), client_key: key ?? null });
    pushStepResultRows(stepRows, c.steps, stepPlace(id), stepIdOf, w.now, noteStep(null));
    const rowIds = [id];
    c.iterations.forEach((it, i) => {
      const iterationId = it.fixed?.id ?? ids.shift()!;
      rowIds.push(iterationId);
      caseRows.push(caseResultRow(it, place, { id: iterationId, metricsId: it.fixed?.metricsId ?? metricIds.shift()!, parentId: id, position: i, reRunParentId: parentCase?.iterationIds[i] ?? null, now: w.now }));
      pushStepResultRows(stepRows, it.steps, stepPlace(iterationId), stepIdOf, w.now, noteStep(i + 1));
    });
    const seen = new Set<string>();
    for (const label of c.labels) {
      const row = { name: fit(label.name, 200)!, value: fit(label.value, 1000)! };
      const pair = `${row.name}\u0000${row.value}`;
      if (!row.name || seen.has(pair)) continue;
      seen.add(pair);
      labelRows.push({ workspace_id: w.workspaceId, test_run_id: w.runId, case_result_id: id, ...row });
    }
    for (const a of attachments ?? []) {
      const caseResultId = a.iteration === null ? id : rowIds[a.iteration];
      if (caseResultId === undefined) continue;
      const stepResultId = a.step === null ? null : (stepRowIds?.get(`${a.iteration ?? ''}\u0000${a.step}`) ?? null);
      attachmentRows.push({
        id: uuidv7(w.now),
        workspace_id: w.workspaceId,
        test_run_id: w.runId,
        case_result_id: caseResultId,
        step_result_id: stepResultId,
        name: fit(a.name, 1000) || 'attachment',
        content_type: normalizeContentType(a.contentType),
        size: a.blob.size,
        sha256: a.blob.sha256,
        blob_key: a.blob.key,
        client_key: null,
        created_at: w.now,
      });
    }
    w.pinnedIds(c.fixed !== undefined);
  }
  await insertRows(w.db, w.traits, 'case_results', caseRows);
  await insertRows(w.db, w.traits, 'step_results', stepRows);
  await insertRows(w.db, w.traits, 'case_labels', labelRows);
  await insertRows(w.db, w.traits, 'attachments', attachmentRows);
  w.written.cases += caseRows.length;
  w.written.steps += stepRows.length;
}

/** The same tests' rows in the re-run parent's suites, with their iterations, by `suite result id + test case id`. */
async function parentCases(w: RunWriter, items: readonly { suite: SuiteRef; testCaseId: number }[]) {
  const links = new Map<string, { id: number; iterationIds: number[] }>();
  const bySuite = new Map<SuiteRef, number[]>();
  for (const { suite, testCaseId } of items) if (suite.parentId !== null) bySuite.set(suite, [...(bySuite.get(suite) ?? []), testCaseId]);
  for (const [suite, testCaseIds] of bySuite) {
    const found = await findCasesOfTests(w.db, suite.parentId!, testCaseIds);
    const iterations = await findIterations(w.db, found.map((f) => f.id));
    for (const f of found) links.set(`${suite.id}\u0000${f.test_case_id}`, { id: f.id, iterationIds: iterations.filter((i) => i.parent_id === f.id).map((i) => i.id) });
  }
  return links;
}
