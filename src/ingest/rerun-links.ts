/**
 * How a re-run's rows find their counterparts in the parent run: machines by title, suites by suite
 * identity, cases by test-case identity, iterations by position (reference.md §4.4).
 */
import type { Db } from '../store/dialect.js';

export interface ParentLinks {
  machineByTitle: Map<string, { id: number; suiteBySuiteId: Map<number, { id: number; caseByTestCaseId: Map<number, { id: number; iterationIds: number[] }> }> }>;
}

export async function loadParentLinks(db: Db, parentRunId: number): Promise<ParentLinks> {
  const machines = await db.selectFrom('machine_results').select(['id', 'title']).where('test_run_id', '=', parentRunId).execute();
  const suites = await db.selectFrom('suite_results').select(['id', 'machine_result_id', 'suite_id']).where('test_run_id', '=', parentRunId).execute();
  const cases = await db
    .selectFrom('case_results')
    .select(['id', 'suite_result_id', 'test_case_id', 'parent_id', 'iteration'])
    .where('test_run_id', '=', parentRunId)
    .orderBy('iteration')
    .execute();
  const links: ParentLinks = { machineByTitle: new Map() };
  const machineById = new Map<number, ReturnType<ParentLinks['machineByTitle']['get']> & object>();
  for (const m of machines) {
    const entry = { id: m.id, suiteBySuiteId: new Map() };
    links.machineByTitle.set(m.title, entry);
    machineById.set(m.id, entry);
  }
  const suiteById = new Map<number, { id: number; caseByTestCaseId: Map<number, { id: number; iterationIds: number[] }> }>();
  for (const s of suites) {
    const entry = { id: s.id, caseByTestCaseId: new Map() };
    machineById.get(s.machine_result_id)?.suiteBySuiteId.set(s.suite_id, entry);
    suiteById.set(s.id, entry);
  }
  const caseById = new Map<number, { id: number; iterationIds: number[] }>();
  for (const c of cases.filter((c) => c.parent_id === null)) {
    const entry = { id: c.id, iterationIds: [] as number[] };
    suiteById.get(c.suite_result_id)?.caseByTestCaseId.set(c.test_case_id, entry);
    caseById.set(c.id, entry);
  }
  for (const c of cases.filter((c) => c.parent_id !== null)) caseById.get(c.parent_id!)?.iterationIds.push(c.id);
  return links;
}
