/**
 * Recomputes stored metrics from the rows: GROUP BY tallies (store/recount-repository.ts) fed to the same
 * pure rules the document path uses (core/counts, core/rollup). The writer calls it at the end of every
 * batch, so metrics are right at every moment; tests call it to check stored metrics against a recount.
 */
import { countItems, type Counts } from '../core/counts.js';
import { failureFingerprint, isFailed } from '../core/fingerprint.js';
import { metricsDuration, runMessage } from '../core/results.js';
import { rollUp } from '../core/rollup.js';
import { minTime, span } from '../core/time.js';
import type { Result } from '../core/vocabulary.js';
import type { Db } from '../store/dialect.js';
import { consolidatedCountColumns, countColumns } from '../store/metric-columns.js';
import { caseTally, casesForRecount, failedStepMessages, iterationTally, levelRows, parentsOfCases, stepTally, updateLevelRow, type Level, type TallyRow } from '../store/recount-repository.js';
import { chainRunIds, refreshReRunChain } from './consolidation.js';

function countsByKey(tally: readonly TallyRow[]): Map<number, Counts> {
  const byKey = new Map<number, TallyRow[]>();
  for (const row of tally) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  return new Map([...byKey].map(([k, rows]) => [k, countItems(rows)]));
}

const resultsOf = (tally: readonly TallyRow[], key: number) => tally.filter((t) => t.key === key).map((t) => t.result);

/** Case counts from their top-level counted steps (or, for data-driven parents, their iterations); then their parents'. */
export async function recountCases(db: Db, caseIds: readonly number[], now: number): Promise<void> {
  if (!caseIds.length) return;
  await recountCaseRows(db, caseIds, now);
  await recountCaseRows(db, await parentsOfCases(db, caseIds), now);
}

async function recountCaseRows(db: Db, caseIds: readonly number[], now: number): Promise<void> {
  if (!caseIds.length) return;
  const cases = await casesForRecount(db, caseIds);
  const steps = await stepTally(db, caseIds);
  const iterations = await iterationTally(db, caseIds);
  const fromSteps = countsByKey(steps);
  const stepMessages = await failedStepMessages(db, cases.filter((c) => c.message === null).map((c) => c.id));
  const fromIterations = countsByKey(iterations);
  for (const c of cases) {
    const dataDriven = c.is_data_driven === 1 && fromIterations.has(c.id);
    const counts = (dataDriven ? fromIterations : fromSteps).get(c.id) ?? countItems([]);
    let result = c.result;
    let status = c.status;
    // A case that has not said its result takes it from its steps or iterations.
    if (!c.result_given && status === 'STATUS_COMPLETED') {
      result = rollUp(resultsOf(dataDriven ? iterations : steps, c.id)) ?? 'SUCCESS';
      if (result === 'QUEUED') status = 'STATUS_IN_PROGRESS';
    }
    // A duration not given is the span between the times that were (the document's rule); a re-run chain's refresh follows.
    const duration = c.duration ?? span(c.start_time, c.end_time);
    // A case that failed through a MAJOR step and says nothing itself carries that step's message (as the document path does).
    const message = c.message ?? (result === 'FAILURE' ? (stepMessages.get(c.id) ?? null) : null);
    const fingerprint = isFailed(result) ? failureFingerprint({ errorType: c.error_type, message, stackTrace: c.stack_trace }).key : null;
    await updateLevelRow(db, 'case_results', c.id, { ...countColumns(counts), result, status, latest_result: result, duration, consolidated_duration: duration, message, fingerprint, updated_at: now });
  }
}

const LEVELS: readonly Level[] = ['suite_results', 'machine_results', 'test_runs'];

/** Suite, machine and run metrics and results of one run, from its case rows; then its re-run chain. */
export async function recountRun(db: Db, workspaceId: number, runId: number, now: number): Promise<void> {
  const chained = (await chainRunIds(db, workspaceId, runId)).length > 1;
  /** Results of the level below, by row id: a parent rolls up its children. */
  let below = new Map<number, { parent: number; result: Result }>();
  for (const level of LEVELS) {
    const tally = await caseTally(db, runId, level);
    const counts = countsByKey(tally);
    const rows = await levelRows(db, runId, level);
    const results = new Map<number, { parent: number; result: Result }>();
    for (const row of rows) {
      const own = counts.get(row.id) ?? countItems([]);
      let result: Result;
      if (row.status !== 'STATUS_COMPLETED') result = 'QUEUED';
      // A suite a report ended inside is ABORTED whatever its complete cases say: the rest never arrived.
      else if (level === 'suite_results') result = rollUp([...resultsOf(tally, row.id), ...(row.truncated ? (['ABORTED'] as const) : [])]) ?? 'NOT_EXECUTED';
      else result = rollUp([...below.values()].filter((c) => c.parent === row.id).map((c) => c.result)) ?? 'NOT_EXECUTED';
      results.set(row.id, { parent: row.parent, result });
      const firstStart = minTime(tally.filter((t) => t.key === row.id).map((t) => t.first_start));
      const ownDuration = row.duration ?? span(row.start_time, row.end_time);
      const duration = metricsDuration({ endTime: row.end_time, duration: ownDuration }, firstStart);
      await updateLevelRow(db, level, row.id, {
        ...countColumns(own),
        duration: ownDuration,
        result,
        metrics_duration: duration,
        ...(chained ? {} : { ...consolidatedCountColumns(own), latest_result: result, consolidated_duration: duration }),
        updated_at: now,
        ...(level === 'test_runs' ? { message: runMessage(result) } : {}),
      });
    }
    below = results;
  }
  if (chained) await refreshReRunChain(db, workspaceId, runId, now);
}
