/**
 * Recomputes stored metrics from the rows, with GROUP BY counts fed to the same pure rules the one-shot
 * path uses (core/counts, core/rollup). The live API calls it after every batch, so metrics are right at
 * every moment; tests call it to check that stored metrics equal a recount.
 */
import { countItems, type Counts } from '../core/counts.js';
import { rollUp } from '../core/rollup.js';
import { minTime, span } from '../core/time.js';
import type { Result, Status } from '../core/vocabulary.js';
import type { Db } from '../store/dialect.js';
import { chainRunIds, refreshReRunChain } from './consolidation.js';
import { runMessage } from './normalize.js';
import { consolidatedCountColumns, countColumns } from './result-rows.js';

type Tally = { key: number; result: Result; status: Status; skipped: number; n: number | string }[];

function group(tally: Tally): Map<number, Counts> {
  const byKey = new Map<number, Tally>();
  for (const row of tally) byKey.set(row.key, [...(byKey.get(row.key) ?? []), row]);
  return new Map([...byKey].map(([k, rows]) => [k, countItems(rows.map((r) => ({ ...r, n: Number(r.n) })))]));
}

/** Case counts from their top-level counted steps (or, for data-driven parents, their iterations). */
export async function recountCases(db: Db, caseIds: readonly number[], now: number): Promise<void> {
  if (!caseIds.length) return;
  const cases = await db.selectFrom('case_results').select(['id', 'is_data_driven', 'result_given', 'status', 'result', 'start_time', 'end_time', 'duration']).where('id', 'in', caseIds).execute();
  const stepTally = (await db
    .selectFrom('step_results')
    .select((eb) => ['case_result_id as key', 'result', 'skipped', eb.val('STATUS_COMPLETED').as('status'), eb.fn.countAll().as('n')])
    .where('case_result_id', 'in', caseIds)
    .where('parent_step_result_id', 'is', null)
    .where('condition_type', '=', 'NOT_USED')
    .where('ignore_result', '=', 0)
    .groupBy(['case_result_id', 'result', 'skipped'])
    .execute()) as unknown as Tally;
  const iterationTally = (await db
    .selectFrom('case_results')
    .select((eb) => ['parent_id as key', 'result', 'status', 'skipped', eb.fn.countAll().as('n')])
    .where('parent_id', 'in', caseIds)
    .groupBy(['parent_id', 'result', 'status', 'skipped'])
    .execute()) as unknown as Tally;
  const fromSteps = group(stepTally);
  const fromIterations = group(iterationTally);
  const resultsOf = (tally: Tally, id: number) => tally.filter((t) => t.key === id).map((t) => t.result);
  for (const c of cases) {
    const dataDriven = c.is_data_driven === 1 && fromIterations.has(c.id);
    const counts = (dataDriven ? fromIterations : fromSteps).get(c.id) ?? countItems([]);
    let result = c.result;
    let status = c.status;
    if (!c.result_given && status === 'STATUS_COMPLETED') {
      result = rollUp(resultsOf(dataDriven ? iterationTally : stepTally, c.id)) ?? 'SUCCESS';
      if (result === 'QUEUED') status = 'STATUS_IN_PROGRESS';
    }
    await db
      .updateTable('case_results')
      .set({ ...countColumns(counts), result, status, latest_result: result, updated_at: now })
      .where('id', '=', c.id)
      .execute();
  }
}

/** Suite, machine and run metrics and results of one run, from its case rows. */
export async function recountRun(db: Db, workspaceId: number, runId: number, now: number): Promise<void> {
  const caseTally = (level: 'suite_result_id' | 'machine_result_id' | 'test_run_id') =>
    db
      .selectFrom('case_results')
      .select((eb) => [`${level} as key` as 'suite_result_id', 'result', 'status', 'skipped', eb.fn.countAll().as('n'), eb.fn.min('start_time').as('first_start')])
      .where('test_run_id', '=', runId)
      .where('parent_id', 'is', null)
      .groupBy([level, 'result', 'status', 'skipped'])
      .execute() as unknown as Promise<(Tally[number] & { first_start: number | null })[]>;

  const levels = [
    { table: 'suite_results', level: 'suite_result_id' },
    { table: 'machine_results', level: 'machine_result_id' },
    { table: 'test_runs', level: 'test_run_id' },
  ] as const;
  const chained = (await chainRunIds(db, workspaceId, runId)).length > 1;
  const suiteResults = new Map<number, Result>();
  const machineResults = new Map<number, Result>();
  for (const { table, level } of levels) {
    const tally = await caseTally(level);
    const counts = group(tally);
    const rows = await (table === 'test_runs'
      ? db.selectFrom('test_runs').select(['id', 'status', 'result', 'start_time', 'end_time', 'duration', 'id as parent']).where('id', '=', runId)
      : table === 'machine_results'
        ? db.selectFrom('machine_results').select(['id', 'status', 'result', 'start_time', 'end_time', 'duration', 'test_run_id as parent']).where('test_run_id', '=', runId)
        : db.selectFrom('suite_results').select(['id', 'status', 'result', 'start_time', 'end_time', 'duration', 'machine_result_id as parent']).where('test_run_id', '=', runId)
    ).execute();
    const children =
      table === 'suite_results'
        ? undefined
        : table === 'machine_results'
          ? await db.selectFrom('suite_results').select(['machine_result_id as parent', 'id']).where('test_run_id', '=', runId).execute()
          : await db.selectFrom('machine_results').select(['test_run_id as parent', 'id']).where('test_run_id', '=', runId).execute();
    for (const row of rows) {
      const own = counts.get(row.id) ?? countItems([]);
      let result: Result;
      if (row.status !== 'STATUS_COMPLETED') result = 'QUEUED';
      else if (table === 'suite_results') result = rollUp(tally.filter((t) => t.key === row.id).map((t) => t.result)) ?? 'NOT_EXECUTED';
      else {
        const childResults = children!.filter((c) => c.parent === row.id).map((c) => (table === 'machine_results' ? suiteResults : machineResults).get(c.id)!);
        result = rollUp(childResults) ?? 'NOT_EXECUTED';
      }
      (table === 'suite_results' ? suiteResults : machineResults).set(row.id, result);
      const firstStart = minTime(tally.filter((t) => t.key === row.id).map((t) => (t as { first_start: number | null }).first_start));
      const metricsDuration = span(firstStart, row.end_time) ?? row.duration;
      const set = {
        ...countColumns(own),
        result,
        metrics_duration: metricsDuration,
        ...(chained ? {} : { ...consolidatedCountColumns(own), latest_result: result, consolidated_duration: metricsDuration }),
        updated_at: now,
        ...(table === 'test_runs' ? { message: runMessage(result) } : {}),
      };
      await db.updateTable(table).set(set as never).where('id', '=', row.id).execute();
    }
  }
  if (chained) await refreshReRunChain(db, workspaceId, runId, now);
}
