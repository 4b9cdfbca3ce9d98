/**
 * Writes and keyed reads of result rows (machines, suites, cases, steps) for the ingest writer.
 * Plain functions taking `db` (the caller's transaction); no rules here, only SQL.
 */
import { sql, type Updateable } from 'kysely';
import type { Db, DialectTraits } from './dialect.js';
import type { CaseResultTable, MachineResultTable, StepResultTable, SuiteResultTable } from './schema.js';

type ResultTable = 'machine_results' | 'suite_results' | 'case_results';

export async function countRows(db: Db, table: ResultTable | 'step_results', where: { column: 'test_run_id' | 'machine_result_id' | 'suite_result_id' | 'parent_id' | 'case_result_id'; value: number }): Promise<number> {
  const row = await db
    .selectFrom(table as 'case_results')
    .select((eb) => eb.fn.countAll().as('n'))
    .where(where.column as 'test_run_id', '=', where.value)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Rows of a run by client key. */
export async function findByKeys<T extends ResultTable>(db: Db, table: T, runId: number, keys: readonly string[]) {
  if (!keys.length) return [];
  return (await db.selectFrom(table as 'case_results').selectAll().where('test_run_id', '=', runId).where('client_key', 'in', keys).execute()) as unknown as ({ id: number; client_key: string } & Record<string, unknown>)[];
}

export function findMachineByTitle(db: Db, runId: number, title: string) {
  return db.selectFrom('machine_results').selectAll().where('test_run_id', '=', runId).where('title', '=', title).orderBy('id').executeTakeFirst();
}

export function findSuiteByName(db: Db, machineId: number, name: string) {
  return db.selectFrom('suite_results').selectAll().where('machine_result_id', '=', machineId).where('name', '=', name).orderBy('id').executeTakeFirst();
}

export function findSuiteByIdentity(db: Db, machineId: number, suiteId: number) {
  return db.selectFrom('suite_results').select('id').where('machine_result_id', '=', machineId).where('suite_id', '=', suiteId).orderBy('id').executeTakeFirst();
}

export async function nextCasePosition(db: Db, suiteResultId: number): Promise<number> {
  const row = await db.selectFrom('case_results').select((eb) => eb.fn.max('position').as('last')).where('suite_result_id', '=', suiteResultId).where('parent_id', 'is', null).executeTakeFirst();
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
}

/** Top-level case rows of a suite result for the given tests: a re-run's counterparts. */
export function findCasesOfTests(db: Db, suiteResultId: number, testCaseIds: readonly number[]) {
  if (!testCaseIds.length) return Promise.resolve([]);
  return db.selectFrom('case_results').select(['id', 'test_case_id']).where('suite_result_id', '=', suiteResultId).where('parent_id', 'is', null).where('test_case_id', 'in', [...new Set(testCaseIds)]).execute();
}

/** Iteration rows of data-driven cases, in iteration order. */
export function findIterations(db: Db, parentIds: readonly number[]) {
  if (!parentIds.length) return Promise.resolve([]);
  return db.selectFrom('case_results').select(['id', 'parent_id', 'iteration']).where('parent_id', 'in', [...new Set(parentIds)]).orderBy('iteration').execute();
}

export async function insertRow(db: Db, table: ResultTable | 'step_results', row: Record<string, unknown>): Promise<void> {
  await db.insertInto(table).values(row as never).execute();
}

export async function updateMachine(db: Db, id: number, set: Updateable<MachineResultTable>): Promise<void> {
  await db.updateTable('machine_results').set(set).where('id', '=', id).execute();
}

export async function updateSuite(db: Db, id: number, set: Updateable<SuiteResultTable>): Promise<void> {
  await db.updateTable('suite_results').set(set).where('id', '=', id).execute();
}

export async function updateCase(db: Db, id: number, set: Updateable<CaseResultTable>): Promise<void> {
  await db.updateTable('case_results').set(set).where('id', '=', id).execute();
}

export async function updateStep(db: Db, id: string, set: Updateable<StepResultTable>): Promise<void> {
  await db.updateTable('step_results').set(set).where('id', '=', id).execute();
}

/** A run's step rows by client key, with the path of their step identity. */
export function findStepsByKeys(db: Db, runId: number, keys: readonly string[]) {
  if (!keys.length) return Promise.resolve([]);
  return db
    .selectFrom('step_results as s')
    .innerJoin('test_steps as t', 't.id', 's.step_id')
    .select(['s.id', 's.client_key', 's.case_result_id', 's.step_id', 't.path_key'])
    .where('s.test_run_id', '=', runId)
    .where('s.client_key', 'in', keys)
    .execute();
}

export async function countChildSteps(db: Db, caseResultId: number, parentStepId: string | null): Promise<number> {
  const row = await db
    .selectFrom('step_results')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('case_result_id', '=', caseResultId)
    .where((eb) => (parentStepId ? eb('parent_step_result_id', '=', parentStepId) : eb('parent_step_result_id', 'is', null)))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Closes what is still open when a live run finishes: steps and cases get `leftover`, suites and machines without an end get `end`. Returns the cases it closed. */
export async function closeOpenResults(db: Db, runId: number, leftover: 'NOT_EXECUTED' | 'STOPPED', end: number, now: number): Promise<number[]> {
  await db.updateTable('step_results').set({ result: leftover }).where('test_run_id', '=', runId).where('result', '=', 'QUEUED').execute();
  const open = await db.selectFrom('case_results').select('id').where('test_run_id', '=', runId).where('status', '!=', 'STATUS_COMPLETED').execute();
  await db.updateTable('case_results').set({ result: leftover, status: 'STATUS_COMPLETED', result_given: 1, updated_at: now }).where('test_run_id', '=', runId).where('status', '!=', 'STATUS_COMPLETED').execute();
  for (const table of ['suite_results', 'machine_results'] as const) {
    await db.updateTable(table).set({ status: 'STATUS_COMPLETED', end_time: end, updated_at: now }).where('test_run_id', '=', runId).where('end_time', 'is', null).execute();
    await db.updateTable(table).set({ status: 'STATUS_COMPLETED', updated_at: now }).where('test_run_id', '=', runId).execute();
  }
  return open.map((c) => c.id);
}

/** Times of a run's machines, or of a machine's suites: to derive a parent's own. */
export function childTimes(db: Db, level: { machinesOfRun: number } | { suitesOfMachine: number }) {
  return 'machinesOfRun' in level
    ? db.selectFrom('machine_results').select(['start_time', 'end_time', 'duration']).where('test_run_id', '=', level.machinesOfRun).execute()
    : db.selectFrom('suite_results').select(['start_time', 'end_time', 'duration']).where('machine_result_id', '=', level.suitesOfMachine).execute();
}

/** After rows were written with pinned ids (the seed and demo loaders), id allocation moves past them. */
export async function syncPinnedIds(db: Db, traits: DialectTraits): Promise<void> {
  for (const t of ['test_runs', 'machine_results', 'suite_results', 'case_results'] as const) {
    await traits.syncIds(db, t);
    await traits.syncIds(db, 'metrics', 'metrics_id', t);
  }
}

/** Appends text to a case's output in one statement (concurrent appends never lose each other), up to `limit` characters. */
export async function appendCaseOutput(db: Db, caseResultId: number, text: string, limit: number): Promise<void> {
  await db
    .updateTable('case_results')
    .set((eb) => ({ system_out: sql<string>`case when length(coalesce(${eb.ref('system_out')}, '')) + ${text.length} <= ${limit} then coalesce(${eb.ref('system_out')}, '') || ${text} else ${eb.ref('system_out')} end` }))
    .where('id', '=', caseResultId)
    .execute();
}

export function findCaseById(db: Db, id: number) {
  return db.selectFrom('case_results').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The results of a step's child steps. */
export async function childStepResults(db: Db, stepResultId: string) {
  return (await db.selectFrom('step_results').select('result').where('parent_step_result_id', '=', stepResultId).execute()).map((r) => r.result);
}

/** Removes a case's step rows (a retry's earlier attempt). */
export async function deleteCaseSteps(db: Db, caseResultId: number): Promise<void> {
  await db.deleteFrom('step_results').where('case_result_id', '=', caseResultId).execute();
}

/** Removes a case row and its steps; removes its suite row too when that is left empty. */
export async function deleteCaseResult(db: Db, caseResultId: number): Promise<void> {
  const row = await db.selectFrom('case_results').select('suite_result_id').where('id', '=', caseResultId).executeTakeFirst();
  await deleteCaseSteps(db, caseResultId);
  await db.deleteFrom('case_results').where('id', '=', caseResultId).execute();
  if (!row) return;
  const left = await db.selectFrom('case_results').select('id').where('suite_result_id', '=', row.suite_result_id).limit(1).executeTakeFirst();
  if (!left) await db.deleteFrom('suite_results').where('id', '=', row.suite_result_id).execute();
}

/** A case's steps with what orders them. */
export function stepPlaces(db: Db, caseResultId: number) {
  return db.selectFrom('step_results').select(['id', 'parent_step_result_id', 'start_time', 'position']).where('case_result_id', '=', caseResultId).execute();
}

export async function setStepPosition(db: Db, id: string, position: number): Promise<void> {
  await db.updateTable('step_results').set({ position }).where('id', '=', id).execute();
}
