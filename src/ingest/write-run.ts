/**
 * Writes a normalized run in one transaction: identities, then every row with ids allocated up front,
 * in batched inserts. Either the whole run is stored or nothing is.
 */
import { VerdictError, invalidField } from '../core/errors.js';
import type { Counts } from '../core/counts.js';
import { insertRows } from '../store/batch.js';
import type { Db, DialectTraits, Store } from '../store/dialect.js';
import { ensureIdentities, PLAN, SUITE, TEST_CASE, TEST_STEP } from '../store/identity-repository.js';
import { findRun, findRunChild } from '../store/run-repository.js';
import { refreshReRunChain } from './consolidation.js';
import { loadParentLinks } from './rerun-links.js';
import { caseResultRow, consolidatedCountColumns, countColumns, flattenSteps, pushStepResultRows } from './result-rows.js';
import type { NormalizedCase, NormalizedMachine, NormalizedRun, NormalizedSuite } from './normalized.js';

export interface WriteContext {
  store: Store;
  workspaceId: number;
  now: number;
}

export async function writeRun(ctx: WriteContext, run: NormalizedRun): Promise<number> {
  return ctx.store.db.transaction().execute(async (trx) => writeRunIn(trx, ctx.store.traits, ctx.workspaceId, ctx.now, run));
}

export async function writeRunIn(db: Db, traits: DialectTraits, workspaceId: number, now: number, run: NormalizedRun): Promise<number> {
  const parent = run.reRunParentId !== null ? await findRun(db, workspaceId, run.reRunParentId) : undefined;
  if (run.reRunParentId !== null) {
    if (!parent) throw invalidField('reRunParentId', `names run ${run.reRunParentId}, which does not exist`, run.reRunParentId);
    if (await findRunChild(db, workspaceId, parent.id)) throw new VerdictError('CONFLICT', `run ${parent.id} already has a re-run; re-run the latest run of the chain instead`);
  }

  const planIds = await ensureIdentities(db, traits, workspaceId, PLAN, [{ key: [run.testPlan], extra: { created_at: now }, fixedId: run.fixed?.identityId }]);
  const testPlanId = planIds.get(run.testPlan)!;
  if (parent && parent.test_plan_id !== testPlanId) throw invalidField('testPlan', `is "${run.testPlan}", but the re-run parent belongs to another plan`, run.testPlan);

  const suites = run.machines.flatMap((m) => m.suites);
  const suiteIds = await ensureIdentities(db, traits, workspaceId, SUITE, suites.map((s) => ({ key: [s.name], fixedId: s.fixed?.identityId })));
  const cases = suites.flatMap((s) => s.cases);
  const caseIds = await ensureIdentities(db, traits, workspaceId, TEST_CASE, cases.map((c) => ({ key: [c.identity], extra: { name: c.name }, fixedId: c.fixed?.identityId })));
  const stepIdentities = cases.flatMap((c) => [c, ...c.iterations].flatMap((row) => flattenSteps(row.steps).map((s) => ({ key: [caseIds.get(c.identity)!, s.pathKey] as const, extra: { action: s.action }, fixedId: s.fixed?.identityId }))));
  const stepIds = await ensureIdentities(db, traits, workspaceId, TEST_STEP, stepIdentities);

  const caseRowCount = cases.reduce((n, c) => n + 1 + c.iterations.length, 0);
  const ids = {
    run: run.fixed?.id ?? (await traits.allocateIds(db, 'test_runs', 1))[0]!,
    machines: await traits.allocateIds(db, 'machine_results', run.machines.length),
    suites: await traits.allocateIds(db, 'suite_results', suites.length),
    cases: await traits.allocateIds(db, 'case_results', caseRowCount),
    metrics: await traits.allocateIds(db, 'metrics', 1 + run.machines.length + suites.length + caseRowCount),
  };
  const next = { machine: 0, suite: 0, case: 0, metrics: 0 };
  const metricsId = (fixed?: number) => fixed ?? ids.metrics[next.metrics++]!;

  const parentLinks = parent ? await loadParentLinks(db, parent.id) : undefined;
  const base = { workspace_id: workspaceId, created_at: now, updated_at: now };
  const machineRows: Record<string, unknown>[] = [];
  const suiteRows: Record<string, unknown>[] = [];
  const caseRows: Record<string, unknown>[] = [];
  const stepRows: Record<string, unknown>[] = [];

  const runRow = {
    id: ids.run,
    ...base,
    test_plan_id: testPlanId,
    build_no: run.buildNo,
    executor: run.executor,
    triggered_type: run.triggeredType,
    re_run_type: run.reRunType,
    message: run.message,
    environment: run.environment ? JSON.stringify(run.environment) : null,
    ...resultColumns(run, run.reRunParentId),
    ...metricColumns(run, run.counts, run.metricsDuration, metricsId(run.fixed?.metricsId)),
  };

  run.machines.forEach((m: NormalizedMachine, mi) => {
    const machineId = m.fixed?.id ?? ids.machines[next.machine++]!;
    const parentMachine = parentLinks?.machineByTitle.get(m.title);
    machineRows.push({
      id: machineId,
      ...base,
      test_run_id: ids.run,
      position: mi,
      title: m.title,
      os_version: m.deviceConfiguration.osVersion,
      browser: m.deviceConfiguration.browser,
      browser_version: m.deviceConfiguration.browserVersion,
      resolution: m.deviceConfiguration.resolution,
      platform: m.deviceConfiguration.platform,
      device_name: m.deviceConfiguration.deviceName,
      host_name: m.deviceConfiguration.hostName,
      os_type: m.deviceConfiguration.osType,
      app_details: m.appDetails ? JSON.stringify(m.appDetails) : null,
      ...resultColumns(m, parentMachine?.id ?? null),
      ...metricColumns(m, m.counts, m.metricsDuration, metricsId(m.fixed?.metricsId)),
    });
    m.suites.forEach((s: NormalizedSuite, si) => {
      const suiteResultId = s.fixed?.id ?? ids.suites[next.suite++]!;
      const suiteId = suiteIds.get(s.name)!;
      const parentSuite = parentMachine?.suiteBySuiteId.get(suiteId);
      suiteRows.push({
        id: suiteResultId,
        ...base,
        test_run_id: ids.run,
        machine_result_id: machineId,
        suite_id: suiteId,
        position: si,
        name: s.name,
        ...resultColumns(s, parentSuite?.id ?? null),
        ...metricColumns(s, s.counts, s.metricsDuration, metricsId(s.fixed?.metricsId)),
      });
      s.cases.forEach((c: NormalizedCase, ci) => {
        const testCaseId = caseIds.get(c.identity)!;
        const parentCase = parentSuite?.caseByTestCaseId.get(testCaseId);
        const place = { workspace_id: workspaceId, test_run_id: ids.run, machine_result_id: machineId, suite_result_id: suiteResultId, suite_id: suiteId, test_case_id: testCaseId };
        const stepIdOf = (pathKey: string) => stepIds.get(`${testCaseId}\u0000${pathKey}`)!;
        const caseId = c.fixed?.id ?? ids.cases[next.case++]!;
        caseRows.push(caseResultRow(c, place, { id: caseId, metricsId: metricsId(c.fixed?.metricsId), parentId: null, position: ci, reRunParentId: parentCase?.id ?? null, now }));
        pushStepResultRows(stepRows, c.steps, { workspace_id: workspaceId, test_run_id: ids.run, machine_result_id: machineId, case_result_id: caseId, test_case_id: testCaseId }, stepIdOf, now);
        c.iterations.forEach((it, ii) => {
          const iterationId = it.fixed?.id ?? ids.cases[next.case++]!;
          caseRows.push(caseResultRow(it, place, { id: iterationId, metricsId: metricsId(it.fixed?.metricsId), parentId: caseId, position: ii, reRunParentId: parentCase?.iterationIds[ii] ?? null, now }));
          pushStepResultRows(stepRows, it.steps, { workspace_id: workspaceId, test_run_id: ids.run, machine_result_id: machineId, case_result_id: iterationId, test_case_id: testCaseId }, stepIdOf, now);
        });
      });
    });
  });

  await insertRows(db, traits, 'test_runs', [runRow]);
  await insertRows(db, traits, 'machine_results', machineRows);
  await insertRows(db, traits, 'suite_results', suiteRows);
  await insertRows(db, traits, 'case_results', caseRows);
  await insertRows(db, traits, 'step_results', stepRows);
  if (run.fixed) await syncFixedIds(db, traits);
  if (parent) await refreshReRunChain(db, workspaceId, ids.run, now);
  return ids.run;
}


function resultColumns(n: { result: NormalizedRun['result']; status: NormalizedRun['status']; startTime: number | null; endTime: number | null; duration: number | null }, reRunParentId: number | null) {
  return { result: n.result, status: n.status, start_time: n.startTime, end_time: n.endTime, duration: n.duration, re_run_parent_id: reRunParentId, client_key: null };
}

/** A fresh row is its own chain: consolidated = own counts until a re-run links it (consolidation.ts). */
function metricColumns(n: { result: NormalizedRun['result'] }, counts: Counts, metricsDuration: number | null, metricsId: number) {
  return {
    metrics_id: metricsId,
    ...countColumns(counts),
    ...consolidatedCountColumns(counts),
    metrics_duration: metricsDuration,
    consolidated_duration: metricsDuration,
    latest_result: n.result,
  };
}

async function syncFixedIds(db: Db, traits: DialectTraits) {
  for (const t of ['test_runs', 'machine_results', 'suite_results', 'case_results'] as const) {
    await traits.syncIds(db, t);
    await traits.syncIds(db, 'metrics', 'metrics_id', t);
  }
}
