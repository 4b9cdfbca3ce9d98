/**
 * The live reporting API: open a run, stream machines, suites, cases and steps in keyed batches, finish
 * or stop it. Every batch is one transaction followed by a recount, so metrics are right at every moment.
 */
import { uuidv7 } from '../core/ids.js';
import { VerdictError, invalidField, notFound } from '../core/errors.js';
import { parseIsoTime } from '../core/time.js';
import { ERROR_TYPES_BY_CODE, type Status } from '../core/vocabulary.js';
import type { Db, DialectTraits, Store } from '../store/dialect.js';
import { ensureIdentities, PLAN, SUITE, TEST_CASE, TEST_STEP } from '../store/identity-repository.js';
import { findRun, findRunChild } from '../store/run-repository.js';
import type { LiveBatch, LiveRunOpen, LiveState } from './live-document.js';
import { normalizeResultName } from './normalize.js';
import { recountCases, recountRun } from './recount.js';

const STATUS_OF: Record<LiveState, Status> = { QUEUED: 'STATUS_QUEUED', RUNNING: 'STATUS_IN_PROGRESS', FINISHED: 'STATUS_COMPLETED' };
const ZERO_METRICS = {
  total_count: 0, passed_count: 0, failed_count: 0, aborted_count: 0, stopped_count: 0, not_executed_count: 0, queued_count: 0, running_count: 0, skipped_count: 0,
};
const ZERO_CONSOLIDATED = Object.fromEntries(Object.entries(ZERO_METRICS).map(([k, v]) => [`c_${k}`, v]));

function time(value: string | null | undefined, field: string): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  const ms = parseIsoTime(value);
  if (ms === undefined) throw invalidField(field, `is not an ISO-8601 time: "${value}"`, value);
  return ms;
}

/** Drops undefined values so an update touches only what the client sent. */
function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function openLiveRun(store: Store, workspaceId: number, open: LiveRunOpen, now: number): Promise<{ runId: number; created: boolean }> {
  return store.db.transaction().execute(async (trx) => {
    const plans = await ensureIdentities(trx, store.traits, workspaceId, PLAN, [{ key: [open.testPlan.trim()], extra: { created_at: now } }]);
    const testPlanId = plans.get(open.testPlan.trim())!;
    if (open.key) {
      const existing = await trx.selectFrom('test_runs').select('id').where('workspace_id', '=', workspaceId).where('test_plan_id', '=', testPlanId).where('client_key', '=', open.key).executeTakeFirst();
      if (existing) return { runId: existing.id, created: false };
    }
    if (open.reRunParentId) {
      const parent = await findRun(trx, workspaceId, open.reRunParentId);
      if (!parent) throw invalidField('reRunParentId', `names run ${open.reRunParentId}, which does not exist`, open.reRunParentId);
      if (await findRunChild(trx, workspaceId, parent.id)) throw new VerdictError('CONFLICT', `run ${parent.id} already has a re-run`);
    }
    const [id] = await store.traits.allocateIds(trx, 'test_runs', 1);
    const [metricsId] = await store.traits.allocateIds(trx, 'metrics', 1);
    await trx
      .insertInto('test_runs')
      .values({
        id: id!,
        workspace_id: workspaceId,
        test_plan_id: testPlanId,
        build_no: open.buildNo ?? null,
        executor: open.executor ?? null,
        triggered_type: open.triggeredType ?? 'API',
        re_run_type: open.reRunType ?? (open.reRunParentId ? 'ONLY_FAILED_TESTS' : null),
        message: null,
        environment: open.environment ? JSON.stringify(open.environment) : null,
        result: 'QUEUED',
        status: 'STATUS_IN_PROGRESS',
        start_time: time(open.startTime, 'startTime') ?? now,
        end_time: null,
        duration: null,
        re_run_parent_id: open.reRunParentId ?? null,
        client_key: open.key ?? null,
        created_at: now,
        updated_at: now,
        metrics_id: metricsId!,
        ...ZERO_METRICS,
        ...ZERO_CONSOLIDATED,
        metrics_duration: null,
        consolidated_duration: null,
        latest_result: 'QUEUED',
      } as never)
      .execute();
    return { runId: id!, created: true };
  });
}

export async function applyLiveBatch(store: Store, workspaceId: number, runId: number, batch: LiveBatch, now: number): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const run = await findRun(trx, workspaceId, runId);
    if (!run) throw notFound(`test run ${runId}`);
    if (run.status === 'STATUS_COMPLETED') throw new VerdictError('CONFLICT', `test run ${runId} is finished; open a new run or a re-run`);
    const writer = new BatchWriter(trx, store.traits, workspaceId, runId, run.re_run_parent_id, now);
    await writer.machines(batch.machines ?? []);
    await writer.suites(batch.suites ?? []);
    const touched = await writer.cases(batch.cases ?? []);
    for (const id of await writer.steps(batch.steps ?? [])) touched.add(id);
    await recountAffectedCases(trx, [...touched], now);
    await recountRun(trx, workspaceId, runId, now);
  });
}

async function recountAffectedCases(db: Db, caseIds: number[], now: number) {
  await recountCases(db, caseIds, now);
  const parents = await db.selectFrom('case_results').select('parent_id').where('id', 'in', caseIds.length ? caseIds : [-1]).where('parent_id', 'is not', null).execute();
  await recountCases(db, [...new Set(parents.map((p) => p.parent_id!))], now);
}

/**
 * Finishing completes everything still open: unfinished cases and steps become NOT_EXECUTED (they never
 * ran), or STOPPED when the run is stopped. Finishing twice is harmless.
 */
export async function finishLiveRun(store: Store, workspaceId: number, runId: number, options: { stop: boolean; endTime?: string | null }, now: number): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    const run = await findRun(trx, workspaceId, runId);
    if (!run) throw notFound(`test run ${runId}`);
    if (run.status === 'STATUS_COMPLETED') return;
    const end = time(options.endTime, 'endTime') ?? now;
    const leftover = options.stop ? 'STOPPED' : 'NOT_EXECUTED';
    await trx.updateTable('step_results').set({ result: leftover }).where('test_run_id', '=', runId).where('result', '=', 'QUEUED').execute();
    const open = await trx.selectFrom('case_results').select('id').where('test_run_id', '=', runId).where('status', '!=', 'STATUS_COMPLETED').execute();
    await trx
      .updateTable('case_results')
      .set({ result: leftover, status: 'STATUS_COMPLETED', result_given: 1, updated_at: now })
      .where('test_run_id', '=', runId)
      .where('status', '!=', 'STATUS_COMPLETED')
      .execute();
    for (const table of ['suite_results', 'machine_results'] as const) {
      await trx.updateTable(table).set({ status: 'STATUS_COMPLETED', end_time: end, updated_at: now }).where('test_run_id', '=', runId).where('end_time', 'is', null).execute();
      await trx.updateTable(table).set({ status: 'STATUS_COMPLETED', updated_at: now }).where('test_run_id', '=', runId).execute();
    }
    const start = run.start_time ?? end;
    await trx.updateTable('test_runs').set({ status: 'STATUS_COMPLETED', end_time: end, duration: Math.max(0, end - start), updated_at: now }).where('id', '=', runId).execute();
    await recountAffectedCases(trx, open.map((c) => c.id), now);
    // A stopped run is STOPPED even when every case that ran had passed.
    await recountRun(trx, workspaceId, runId, now);
    if (options.stop) await trx.updateTable('test_runs').set({ result: 'STOPPED', latest_result: 'STOPPED', message: 'Test Plan Execution Was Stopped' }).where('id', '=', runId).execute();
  });
}

/** Upserts one batch's items level by level; keys resolve against the batch and the stored rows. */
class BatchWriter {
  private readonly machineIds = new Map<string, number>();
  private readonly suiteIds = new Map<string, { id: number; machineId: number; suiteId: number; name: string }>();
  private readonly caseIds = new Map<string, { id: number; machineId: number; testCaseId: number }>();

  constructor(
    private readonly db: Db,
    private readonly traits: DialectTraits,
    private readonly workspaceId: number,
    private readonly runId: number,
    private readonly reRunParentRunId: number | null,
    private readonly now: number,
  ) {}

  private async existing<T extends 'machine_results' | 'suite_results' | 'case_results'>(table: T, keys: string[]) {
    if (!keys.length) return new Map<string, Record<string, unknown> & { id: number }>();
    const rows = (await this.db.selectFrom(table as 'case_results').selectAll().where('test_run_id', '=', this.runId).where('client_key', 'in', keys).execute()) as unknown as (Record<string, unknown> & { id: number; client_key: string })[];
    return new Map(rows.map((r) => [r.client_key, r]));
  }

  private status(state: LiveState | null | undefined, fallback: LiveState): Status {
    return STATUS_OF[state ?? fallback];
  }

  async machines(items: NonNullable<LiveBatch['machines']>) {
    const found = await this.existing('machine_results', items.map((m) => m.key));
    const fresh = items.filter((m) => !found.has(m.key));
    const ids = await this.traits.allocateIds(this.db, 'machine_results', fresh.length);
    const metricIds = await this.traits.allocateIds(this.db, 'metrics', fresh.length);
    const count = await this.db.selectFrom('machine_results').select((eb) => eb.fn.countAll().as('n')).where('test_run_id', '=', this.runId).executeTakeFirstOrThrow();
    let position = Number(count.n);
    for (const [i, m] of items.entries()) {
      const at = `machines[${i}]`;
      const dc = m.deviceConfiguration ?? {};
      const cols = defined({
        title: dc.title ?? undefined,
        os_version: dc.osVersion,
        browser: dc.browser,
        browser_version: dc.browserVersion,
        resolution: dc.resolution,
        platform: dc.platform,
        device_name: dc.deviceName,
        host_name: dc.hostName,
        os_type: dc.osType,
        app_details: m.appDetails === undefined ? undefined : m.appDetails === null ? null : JSON.stringify(m.appDetails),
        start_time: time(m.startTime, `${at}.startTime`),
        end_time: time(m.endTime, `${at}.endTime`),
        duration: m.duration,
        status: m.state ? STATUS_OF[m.state] : undefined,
        updated_at: this.now,
      });
      const row = found.get(m.key);
      if (row) {
        await this.db.updateTable('machine_results').set(cols).where('id', '=', row.id).execute();
        this.machineIds.set(m.key, row.id);
        continue;
      }
      const id = ids.shift()!;
      const title = (dc.title ?? '').trim() || m.key;
      const parent = this.reRunParentRunId
        ? await this.db.selectFrom('machine_results').select('id').where('test_run_id', '=', this.reRunParentRunId).where('title', '=', title).executeTakeFirst()
        : undefined;
      await this.db
        .insertInto('machine_results')
        .values({
          id, workspace_id: this.workspaceId, test_run_id: this.runId, position: position++,
          os_version: null, browser: null, browser_version: null, resolution: null, platform: null, device_name: null, host_name: null, os_type: null, app_details: null,
          result: 'QUEUED', status: this.status(m.state, 'RUNNING'), start_time: this.now, end_time: null, duration: null,
          re_run_parent_id: parent?.id ?? null, client_key: m.key, created_at: this.now,
          metrics_id: metricIds.shift()!, ...ZERO_METRICS, ...ZERO_CONSOLIDATED, metrics_duration: null, consolidated_duration: null, latest_result: 'QUEUED',
          ...cols, title,
        } as never)
        .execute();
      this.machineIds.set(m.key, id);
    }
  }

  private async machineId(key: string, field: string): Promise<number> {
    const known = this.machineIds.get(key) ?? (await this.existing('machine_results', [key])).get(key)?.id;
    if (known === undefined) throw invalidField(field, `names machine "${key}", which this run does not have`, key);
    this.machineIds.set(key, known);
    return known;
  }

  async suites(items: NonNullable<LiveBatch['suites']>) {
    const found = await this.existing('suite_results', items.map((s) => s.key));
    const identities = await ensureIdentities(this.db, this.traits, this.workspaceId, SUITE, items.map((s) => ({ key: [s.name.trim()] })));
    const fresh = items.filter((s) => !found.has(s.key));
    const ids = await this.traits.allocateIds(this.db, 'suite_results', fresh.length);
    const metricIds = await this.traits.allocateIds(this.db, 'metrics', fresh.length);
    for (const [i, s] of items.entries()) {
      const at = `suites[${i}]`;
      const machineId = await this.machineId(s.machineKey, `${at}.machineKey`);
      const suiteId = identities.get(s.name.trim())!;
      const cols = defined({
        start_time: time(s.startTime, `${at}.startTime`),
        end_time: time(s.endTime, `${at}.endTime`),
        duration: s.duration,
        status: s.state ? STATUS_OF[s.state] : undefined,
        updated_at: this.now,
      });
      const row = found.get(s.key);
      if (row) {
        await this.db.updateTable('suite_results').set(cols).where('id', '=', row.id).execute();
        this.suiteIds.set(s.key, { id: row.id, machineId: row.machine_result_id as number, suiteId: row.suite_id as number, name: row.name as string });
        continue;
      }
      const id = ids.shift()!;
      const position = await this.db.selectFrom('suite_results').select((eb) => eb.fn.countAll().as('n')).where('machine_result_id', '=', machineId).executeTakeFirstOrThrow();
      const parent = await this.db
        .selectFrom('suite_results as s')
        .innerJoin('machine_results as m', 'm.id', 'machine_result_id')
        .select('s.id')
        .where('m.id', '=', (await this.db.selectFrom('machine_results').select('re_run_parent_id').where('id', '=', machineId).executeTakeFirstOrThrow()).re_run_parent_id ?? -1)
        .where('s.suite_id', '=', suiteId)
        .executeTakeFirst();
      await this.db
        .insertInto('suite_results')
        .values({
          id, workspace_id: this.workspaceId, test_run_id: this.runId, machine_result_id: machineId, suite_id: suiteId, position: Number(position.n), name: s.name.trim(),
          result: 'QUEUED', status: this.status(s.state, 'RUNNING'), start_time: this.now, end_time: null, duration: null,
          re_run_parent_id: parent?.id ?? null, client_key: s.key, created_at: this.now,
          metrics_id: metricIds.shift()!, ...ZERO_METRICS, ...ZERO_CONSOLIDATED, metrics_duration: null, consolidated_duration: null, latest_result: 'QUEUED',
          ...cols,
        } as never)
        .execute();
      this.suiteIds.set(s.key, { id, machineId, suiteId, name: s.name.trim() });
    }
  }

  private async suite(key: string, field: string) {
    let known = this.suiteIds.get(key);
    if (!known) {
      const row = (await this.existing('suite_results', [key])).get(key);
      if (!row) throw invalidField(field, `names suite "${key}", which this run does not have`, key);
      known = { id: row.id, machineId: row.machine_result_id as number, suiteId: row.suite_id as number, name: row.name as string };
      this.suiteIds.set(key, known);
    }
    return known;
  }

  /** Returns the ids of the cases whose counts may have changed. */
  async cases(items: NonNullable<LiveBatch['cases']>): Promise<Set<number>> {
    const touched = new Set<number>();
    if (!items.length) return touched;
    const found = await this.existing('case_results', items.map((c) => c.key));
    const suites = await Promise.all(items.map((c, i) => this.suite(c.suiteKey, `cases[${i}].suiteKey`)));
    const identityOf = (i: number) => items[i]!.identity?.trim() || `${suites[i]!.name}::${items[i]!.name.trim()}`;
    const identities = await ensureIdentities(this.db, this.traits, this.workspaceId, TEST_CASE, items.map((c, i) => ({ key: [identityOf(i)], extra: { name: c.name.trim() } })));
    const fresh = items.filter((c) => !found.has(c.key));
    const ids = await this.traits.allocateIds(this.db, 'case_results', fresh.length);
    const metricIds = await this.traits.allocateIds(this.db, 'metrics', fresh.length);
    for (const [i, c] of items.entries()) {
      const at = `cases[${i}]`;
      const suite = suites[i]!;
      const given = c.result ? normalizeResultName(c.result) : undefined;
      if (given?.result === 'QUEUED' && c.state === 'FINISHED') throw invalidField(`${at}.result`, 'is QUEUED, but state is FINISHED', c.result);
      const state: LiveState | undefined = c.state ?? (given ? (given.result === 'QUEUED' ? 'QUEUED' : 'FINISHED') : undefined);
      const cols = defined({
        name: c.name.trim(),
        message: c.message,
        start_time: time(c.startTime, `${at}.startTime`),
        end_time: time(c.endTime, `${at}.endTime`),
        duration: c.duration,
        is_data_driven: c.isDataDriven === undefined || c.isDataDriven === null ? undefined : c.isDataDriven ? 1 : 0,
        is_disabled: c.isDisabled === undefined || c.isDisabled === null ? undefined : c.isDisabled ? 1 : 0,
        flaky: c.flaky === undefined || c.flaky === null ? undefined : c.flaky ? 1 : 0,
        error_type: c.errorType,
        stack_trace: c.stackTrace,
        system_out: c.systemOut,
        system_err: c.systemErr,
        attempts: c.attempts === undefined ? undefined : c.attempts === null ? null : JSON.stringify(c.attempts),
        properties: c.properties === undefined ? undefined : c.properties === null ? null : JSON.stringify(c.properties),
        status: state ? STATUS_OF[state] : undefined,
        result: given && given.result !== 'QUEUED' ? given.result : state && state !== 'FINISHED' ? ('QUEUED' as const) : undefined,
        result_given: given && given.result !== 'QUEUED' ? (1 as const) : state === 'FINISHED' ? (0 as const) : undefined,
        skipped: given ? (given.skipped ? (1 as const) : (0 as const)) : undefined,
        updated_at: this.now,
      });
      const row = found.get(c.key);
      let parentId: number | null = null;
      if (c.parentKey) {
        const parent = this.caseIds.get(c.parentKey) ?? (await this.existing('case_results', [c.parentKey])).get(c.parentKey);
        if (!parent) throw invalidField(`${at}.parentKey`, `names case "${c.parentKey}", which this run does not have`, c.parentKey);
        parentId = parent.id as number;
        await this.db.updateTable('case_results').set({ is_data_driven: 1 }).where('id', '=', parentId).execute();
        touched.add(parentId);
      }
      if (row) {
        await this.db.updateTable('case_results').set(cols as never).where('id', '=', row.id).execute();
        this.caseIds.set(c.key, { id: row.id, machineId: row.machine_result_id as number, testCaseId: row.test_case_id as number });
        touched.add(row.id);
        continue;
      }
      const id = ids.shift()!;
      const testCaseId = identities.get(identityOf(i))!;
      const position = await this.db.selectFrom('case_results').select((eb) => eb.fn.countAll().as('n')).where('suite_result_id', '=', suite.id).executeTakeFirstOrThrow();
      const parentSuite = await this.db.selectFrom('suite_results').select('re_run_parent_id').where('id', '=', suite.id).executeTakeFirstOrThrow();
      const reRunParent = parentSuite.re_run_parent_id
        ? await this.db.selectFrom('case_results').select('id').where('suite_result_id', '=', parentSuite.re_run_parent_id).where('test_case_id', '=', testCaseId).where('parent_id', 'is', null).executeTakeFirst()
        : undefined;
      const iteration = parentId === null ? null : Number((await this.db.selectFrom('case_results').select((eb) => eb.fn.countAll().as('n')).where('parent_id', '=', parentId).executeTakeFirstOrThrow()).n) + 1;
      await this.db
        .insertInto('case_results')
        .values({
          id, workspace_id: this.workspaceId, test_run_id: this.runId, machine_result_id: suite.machineId, suite_result_id: suite.id, suite_id: suite.suiteId, test_case_id: testCaseId,
          parent_id: parentId, iteration, data_set_name: parentId === null ? null : c.name.trim(), position: Number(position.n), name: c.name.trim(), message: null,
          skipped: 0, is_data_driven: 0, is_disabled: 0, flaky: 0, error_type: null, stack_trace: null, system_out: null, system_err: null, attempts: null, properties: null,
          result_given: 0, result: 'QUEUED', status: 'STATUS_IN_PROGRESS', start_time: null, end_time: null, duration: null,
          re_run_parent_id: parentId === null ? (reRunParent?.id ?? null) : null, client_key: c.key, created_at: this.now,
          metrics_id: metricIds.shift()!, ...ZERO_METRICS, latest_result: 'QUEUED', consolidated_duration: null,
          ...cols,
        } as never)
        .execute();
      this.caseIds.set(c.key, { id, machineId: suite.machineId, testCaseId });
      touched.add(id);
    }
    // A case with steps that has not said its result takes it from the steps (recountCases).
    return touched;
  }

  /** Returns the ids of the cases whose steps changed. */
  async steps(items: NonNullable<LiveBatch['steps']>): Promise<Set<number>> {
    const touched = new Set<number>();
    if (!items.length) return touched;
    const keys = items.map((s) => s.key);
    const foundRows = await this.db.selectFrom('step_results').select(['id', 'client_key', 'case_result_id', 'step_id']).where('test_run_id', '=', this.runId).where('client_key', 'in', keys).execute();
    const found = new Map(foundRows.map((r) => [r.client_key!, r]));
    const stepIdsByKey = new Map<string, { id: string; caseId: number; pathKey: string }>();
    for (const [i, s] of items.entries()) {
      const at = `steps[${i}]`;
      const theCase = this.caseIds.get(s.caseKey) ?? (await this.caseByKey(s.caseKey, `${at}.caseKey`));
      const given = s.result ? normalizeResultName(s.result) : undefined;
      const errorCode = s.errorCode;
      const cols = defined({
        action: s.action,
        type: s.type ?? undefined,
        priority: s.priority ?? undefined,
        result: given?.result ?? (s.state === 'FINISHED' ? undefined : undefined),
        skipped: given ? (given.skipped ? (1 as const) : (0 as const)) : undefined,
        message: s.message,
        error_code: errorCode,
        error_type: s.errorType ?? (errorCode ? (ERROR_TYPES_BY_CODE[errorCode] ?? null) : undefined),
        condition_type: s.conditionType ?? undefined,
        ignore_result: s.ignoreResult === undefined || s.ignoreResult === null ? undefined : s.ignoreResult ? (1 as const) : (0 as const),
        start_time: time(s.startTime, `${at}.startTime`),
        end_time: time(s.endTime, `${at}.endTime`),
        duration: s.duration,
      });
      const row = found.get(s.key);
      touched.add(theCase.id);
      if (row) {
        if (row.case_result_id !== theCase.id) throw invalidField(`${at}.caseKey`, `is "${s.caseKey}", but step "${s.key}" belongs to another case`, s.caseKey);
        await this.db.updateTable('step_results').set(cols).where('id', '=', row.id).execute();
        continue;
      }
      let parent: { id: string; pathKey: string } | null = null;
      if (s.parentKey) {
        parent = stepIdsByKey.get(s.parentKey) ?? (await this.stepByKey(s.parentKey, `${at}.parentKey`));
      }
      const siblings = await this.db
        .selectFrom('step_results')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('case_result_id', '=', theCase.id)
        .where((eb) => (parent ? eb('parent_step_result_id', '=', parent.id) : eb('parent_step_result_id', 'is', null)))
        .executeTakeFirstOrThrow();
      const pathKey = `${parent ? `${parent.pathKey}.` : ''}${Number(siblings.n) + 1}`;
      const identity = await ensureIdentities(this.db, this.traits, this.workspaceId, TEST_STEP, [{ key: [theCase.testCaseId, pathKey], extra: { action: s.action } }]);
      const position = await this.db.selectFrom('step_results').select((eb) => eb.fn.countAll().as('n')).where('case_result_id', '=', theCase.id).executeTakeFirstOrThrow();
      const depth = parent ? pathKey.split('.').length - 1 : 0;
      const id = uuidv7(this.now);
      await this.db
        .insertInto('step_results')
        .values({
          id, workspace_id: this.workspaceId, test_run_id: this.runId, machine_result_id: theCase.machineId, case_result_id: theCase.id, test_case_id: theCase.testCaseId,
          step_id: identity.get(`${theCase.testCaseId}\u0000${pathKey}`)!, parent_step_result_id: parent?.id ?? null, position: Number(position.n), depth,
          type: 'ACTION_TEXT', action: s.action, priority: 'MAJOR', result: 'QUEUED', skipped: 0, message: null, error_code: null, error_type: null,
          condition_type: 'NOT_USED', ignore_result: 0, start_time: null, end_time: null, duration: null, client_key: s.key, created_at: this.now,
          ...cols,
        } as never)
        .execute();
      stepIdsByKey.set(s.key, { id, caseId: theCase.id, pathKey });
    }
    return touched;
  }

  private async caseByKey(key: string, field: string) {
    const row = (await this.existing('case_results', [key])).get(key);
    if (!row) throw invalidField(field, `names case "${key}", which this run does not have`, key);
    const known = { id: row.id, machineId: row.machine_result_id as number, testCaseId: row.test_case_id as number };
    this.caseIds.set(key, known);
    return known;
  }

  private async stepByKey(key: string, field: string) {
    const row = await this.db
      .selectFrom('step_results as s')
      .innerJoin('test_steps as t', 't.id', 's.step_id')
      .select(['s.id', 't.path_key'])
      .where('s.test_run_id', '=', this.runId)
      .where('s.client_key', '=', key)
      .executeTakeFirst();
    if (!row) throw invalidField(field, `names step "${key}", which this run does not have`, key);
    return { id: row.id, pathKey: row.path_key };
  }
}
