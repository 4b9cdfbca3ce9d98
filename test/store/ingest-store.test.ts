/**
 * The store suite: one-shot ingestion, identities, ids, metrics and atomicity, on every database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedRunDocument } from '../../src/demo/seed-run.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { recountCases, recountRun } from '../../src/ingest/recount.js';
import { VerdictError } from '../../src/core/errors.js';
import type { Store } from '../../src/store/dialect.js';
import { ensureWorkspace } from '../../src/store/workspace-repository.js';
import { DATABASES, freshStore } from '../helpers/databases.js';
import { generatedRun, runWith } from '../helpers/documents.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');

async function metricsSnapshot(store: Store, runId: number) {
  const pick = '*';
  const run = await store.db.selectFrom('test_runs').selectAll().where('id', '=', runId).execute();
  const machines = await store.db.selectFrom('machine_results').selectAll().where('test_run_id', '=', runId).orderBy('id').execute();
  const suites = await store.db.selectFrom('suite_results').selectAll().where('test_run_id', '=', runId).orderBy('id').execute();
  const cases = await store.db.selectFrom('case_results').selectAll().where('test_run_id', '=', runId).orderBy('id').execute();
  const strip = (rows: Record<string, unknown>[]) => rows.map(({ updated_at: _u, ...rest }) => rest);
  void pick;
  return { run: strip(run), machines: strip(machines), suites: strip(suites), cases: strip(cases) };
}

async function countRows(store: Store) {
  const tables = ['test_plans', 'test_suites', 'test_cases', 'test_steps', 'test_runs', 'machine_results', 'suite_results', 'case_results', 'step_results'] as const;
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await store.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return out;
}

describe.each(DATABASES)('store on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let ws: number;
  beforeEach(async () => {
    store = await freshStore(kind);
    ws = await ensureWorkspace(store.db, store.traits, 'acme', NOW);
  });
  afterEach(() => store.drop());

  it('stores the seed run with its pinned ids and the page counts at every level', async () => {
    const runId = await ingestDocument(store, ws, seedRunDocument(), { now: NOW, trustFixedIds: true });
    expect(runId).toBe(517);
    const run = await store.db.selectFrom('test_runs').selectAll().where('id', '=', 517).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ test_plan_id: 420, metrics_id: 162, total_count: 8, passed_count: 4, failed_count: 4, duration: 238000, metrics_duration: 226000, result: 'FAILURE', status: 'STATUS_COMPLETED' });
    const steps = await store.db.selectFrom('step_results').selectAll().where('case_result_id', '=', 3857).orderBy('position').execute();
    expect(steps.map((s) => [s.step_id, s.result])).toEqual([
      [2847, 'SUCCESS'], [2848, 'SUCCESS'], [2849, 'SUCCESS'], [2850, 'FAILURE'], [2851, 'NOT_EXECUTED'], [2852, 'NOT_EXECUTED'],
    ]);
    // Ids allocated after pinned ones never collide with them.
    const next = await ingestDocument(store, ws, generatedRun(40), { now: NOW });
    expect(next).toBeGreaterThan(517);
    const machineIds = (await store.db.selectFrom('machine_results').select('id').execute()).map((r) => r.id);
    expect(new Set(machineIds).size).toBe(machineIds.length);
  });

  it('stored metrics equal a recount from the rows', async () => {
    const runId = await ingestDocument(store, ws, generatedRun(200), { now: NOW });
    const before = await metricsSnapshot(store, runId);
    const caseIds = before.cases.map((c) => c.id as number);
    await store.db.transaction().execute(async (trx) => {
      await recountCases(trx, caseIds, NOW);
      await recountRun(trx, ws, runId, NOW);
    });
    const after = await metricsSnapshot(store, runId);
    expect(after).toEqual(before);
    // Every 10th case fails and every 25th is skipped (skip wins where both hold: 4 of them).
    expect(before.run[0]).toMatchObject({ total_count: 200, failed_count: 16, not_executed_count: 8, skipped_count: 8, passed_count: 176 });
  });

  it('keeps test identities stable across runs (plan, suite, test case, step)', async () => {
    const a = await ingestDocument(store, ws, generatedRun(20), { now: NOW });
    const b = await ingestDocument(store, ws, generatedRun(20), { now: NOW });
    const ids = async (runId: number) => {
      const cases = await store.db.selectFrom('case_results').select(['test_case_id', 'suite_id']).where('test_run_id', '=', runId).orderBy('id').execute();
      const steps = await store.db.selectFrom('step_results').select('step_id').where('test_run_id', '=', runId).orderBy('case_result_id').orderBy('position').execute();
      const run = await store.db.selectFrom('test_runs').select('test_plan_id').where('id', '=', runId).executeTakeFirstOrThrow();
      return { cases, steps, plan: run.test_plan_id };
    };
    expect(await ids(b)).toEqual(await ids(a));
    // The two machines run the same 10 tests: 10 identities, 20 results per run.
    expect(await countRows(store)).toMatchObject({ test_plans: 1, test_cases: 10, test_runs: 2, case_results: 40 });
  });

  it('counts data-driven iterations on the parent only; plan and suite count the parent once', async () => {
    const runId = await ingestDocument(
      store,
      ws,
      runWith([
        { name: 'login', isDataDriven: true, iterations: [{ name: 'admin', result: 'SUCCESS' }, { name: 'guest', result: 'FAILURE' }, { name: 'banned', result: 'SKIPPED' }] },
        { name: 'logout', result: 'SUCCESS' },
      ]),
      { now: NOW },
    );
    const parent = await store.db.selectFrom('case_results').selectAll().where('test_run_id', '=', runId).where('name', '=', 'login').where('parent_id', 'is', null).executeTakeFirstOrThrow();
    expect(parent).toMatchObject({ result: 'FAILURE', total_count: 3, passed_count: 1, failed_count: 1, not_executed_count: 1, skipped_count: 1, is_data_driven: 1 });
    const iterations = await store.db.selectFrom('case_results').select(['iteration', 'data_set_name', 'result']).where('parent_id', '=', parent.id).orderBy('iteration').execute();
    expect(iterations).toEqual([
      { iteration: 1, data_set_name: 'admin', result: 'SUCCESS' },
      { iteration: 2, data_set_name: 'guest', result: 'FAILURE' },
      { iteration: 3, data_set_name: 'banned', result: 'NOT_EXECUTED' },
    ]);
    const run = await store.db.selectFrom('test_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ total_count: 2, failed_count: 1, passed_count: 1, result: 'FAILURE' });
  });

  it('stores nothing when writing fails half-way (one transaction)', async () => {
    await ingestDocument(store, ws, generatedRun(20), { now: NOW });
    const before = await countRows(store);
    const broken: Store = {
      ...store,
      traits: {
        ...store.traits,
        allocateIds: async (db, table, n) => {
          if (table === 'case_results') throw new Error('disk full (simulated)');
          return store.traits.allocateIds(db, table, n);
        },
      },
    };
    const doc = generatedRun(20, 'Another plan');
    doc.machines[0]!.suites[0]!.name = 'A suite never seen before';
    await expect(ingestDocument(broken, ws, doc, { now: NOW })).rejects.toThrow('disk full');
    expect(await countRows(store)).toEqual(before);
  });

  it('rejects a contradiction naming the field, storing nothing', async () => {
    const before = await countRows(store);
    const doc = runWith([{ name: 'pay', result: 'SUCCESS', steps: [{ action: 'click pay', result: 'FAILURE' }] }]);
    const error = await ingestDocument(store, ws, doc, { now: NOW }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VerdictError);
    expect((error as VerdictError).details.fieldErrors?.[0]?.field).toBe('machines[0].suites[0].cases[0].result');
    expect(await countRows(store)).toEqual(before);
  });

  it('a re-run must name a run of the workspace, and a run has at most one re-run', async () => {
    const original = await ingestDocument(store, ws, runWith([{ name: 'a', result: 'FAILURE' }]), { now: NOW });
    await expect(ingestDocument(store, ws, runWith([{ name: 'a', result: 'SUCCESS' }], { reRunParentId: 999_999 }), { now: NOW })).rejects.toMatchObject({ code: 'INVALID_DOCUMENT' });
    const other = await ensureWorkspace(store.db, store.traits, 'other', NOW);
    await expect(ingestDocument(store, other, runWith([{ name: 'a', result: 'SUCCESS' }], { reRunParentId: original }), { now: NOW })).rejects.toMatchObject({ code: 'INVALID_DOCUMENT' });
    await ingestDocument(store, ws, runWith([{ name: 'a', result: 'SUCCESS' }], { reRunParentId: original }), { now: NOW });
    await expect(ingestDocument(store, ws, runWith([{ name: 'a', result: 'SUCCESS' }], { reRunParentId: original }), { now: NOW })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
