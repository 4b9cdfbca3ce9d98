/**
 * The streaming import sink: report files in, one run out, in one transaction.
 *
 * Importers yield one event per test case; this sink normalizes each case with the same pure rules as
 * one-shot ingestion (`normalizeCase`), buffers a batch (500 cases by default) and writes it with a few
 * multi-row inserts, so memory holds one batch and the suite map, whatever the report's size.
 * At the end it sets suite, machine and run times and recounts every metric from the rows (recount.ts).
 *
 * Several files of one upload land in one run and one machine. Several uploads that name the same
 * `runKey` (parallel CI shards) land in the same run: the run row is created with insert-or-nothing on
 * the unique (workspace, plan, client_key) index and then locked, so shards queue up on both databases
 * and the final recount always sees every shard's rows.
 *
 * A report that fails to parse rolls the whole transaction back: nothing of the upload is stored.
 *
 * @example
 *   const summary = await importReports(store, workspaceId, { plan: 'nightly', runKey: 'ci-4711' },
 *     [{ name: 'junit.xml', chunks: createReadStream('junit.xml') }], { now: Date.now() });
 */
import { VerdictError, invalidField } from '../core/errors.js';
import { maxTime, minTime, parseIsoTime, span, type Millis } from '../core/time.js';
import { ImportError, importers, type ImportEvent, type ReportFormat, type SuiteInfo } from '../importers/index.js';
import { insertRows } from '../store/batch.js';
import type { Db, DialectTraits, Store } from '../store/dialect.js';
import { ensureIdentities, PLAN, SUITE, TEST_CASE, TEST_STEP } from '../store/identity-repository.js';
import { findRun, findRunChild } from '../store/run-repository.js';
import type { DeviceConfigurationDocument } from './document.js';
import { normalizeCase } from './normalize.js';
import type { NormalizedCase } from './normalized.js';
import { recountRun } from './recount.js';
import { loadParentLinks, type ParentLinks } from './rerun-links.js';
import { ByteBudget, openReport, type Chunks } from './report-input.js';
import { caseResultRow, flattenSteps, pushStepResultRows } from './result-rows.js';

/** Where an upload goes. */
export interface ImportTarget {
  /** Test plan name; created on first use. */
  plan: string;
  buildNo?: string | null;
  /** Machine title; else the report's host name; else `default`. */
  machine?: string | null;
  /** Shards that share a run key land in one run (per plan). */
  runKey?: string | null;
  /** Build facts (CI name, commit, branch, job URL...), merged over the report's own environment. */
  environment?: Record<string, string> | null;
  reRunParentId?: number | null;
}

export interface ReportFile {
  /** For error messages and the summary. */
  name: string;
  /** Detected from the content when absent. */
  format?: ReportFormat;
  /** Raw or gzip-compressed bytes. */
  chunks: Chunks;
}

export interface ImportSummary {
  runId: number;
  /** False when the upload joined a run that an earlier shard created. */
  created: boolean;
  files: { name: string; format: ReportFormat; cases: number }[];
  cases: number;
  formats: ReportFormat[];
}

export interface ImportOptions {
  now: number;
  /** Cases per write (default 500). */
  batchSize?: number;
  /** Largest upload, counted after decompression, over all files. */
  maxBytes?: number;
}

export async function importReports(store: Store, workspaceId: number, target: ImportTarget, files: AsyncIterable<ReportFile> | Iterable<ReportFile>, options: ImportOptions): Promise<ImportSummary> {
  if (!target.plan?.trim()) throw invalidField('plan', 'must be a non-empty plan name', target.plan);
  const budget = options.maxBytes !== undefined ? new ByteBudget(options.maxBytes) : undefined;
  return store.db.transaction().execute(async (trx) => {
    const sink = await ImportSink.open(trx, store.traits, workspaceId, target, options);
    try {
      return await importInto(sink, files, budget);
    } catch (e) {
      // Let a batch still writing finish before the transaction rolls back, so nothing runs after it.
      await sink.settle();
      throw e;
    }
  });
}

async function importInto(sink: ImportSink, files: AsyncIterable<ReportFile> | Iterable<ReportFile>, budget: ByteBudget | undefined): Promise<ImportSummary> {
  const summary: ImportSummary['files'] = [];
  for await (const file of files) {
    let cases = 0;
    let format: ReportFormat;
    try {
      const opened = await openReport(file, budget);
      if (!opened.ok) throw opened.error;
      format = opened.format;
      for await (const event of importers[opened.format].parse(opened.chunks, { fileName: file.name })) {
        if (event.kind === 'case') {
          cases++;
          await sink.addCase(event, file.name);
        } else sink.addRunFacts(event);
      }
    } catch (e) {
      if (e instanceof ImportError) throw reportError(e, file.name);
      throw e;
    }
    summary.push({ name: file.name, format, cases });
  }
  if (!summary.length) throw new VerdictError('INVALID_REPORT', 'the upload holds no report file', { fieldErrors: [{ field: 'file', message: 'no report file in the upload' }] });
  const runId = await sink.finish();
  return { runId, created: sink.created, files: summary, cases: summary.reduce((n, f) => n + f.cases, 0), formats: [...new Set(summary.map((f) => f.format))] };
}

/** `name:line:column: message`, with the file as the rejected field. */
export function reportError(e: ImportError, fallbackName: string): VerdictError {
  const file = e.file ?? fallbackName;
  const where = [file, e.line, e.column].filter((p) => p !== undefined).join(':');
  const message = `${where}: ${e.message}`;
  return new VerdictError('INVALID_REPORT', message, { fieldErrors: [{ field: 'file', message, rejectedValue: file }] });
}

type RunFacts = Extract<ImportEvent, { kind: 'run' }>;

interface SuiteEntry {
  id: number;
  suiteId: number;
  nextPosition: number;
  /** Re-run parent's suite result, for links. */
  parent: ReturnType<NonNullable<ReturnType<ParentLinks['machineByTitle']['get']>>['suiteBySuiteId']['get']>;
  clock: SuiteClock;
}

/**
 * What an upload learnt about a suite's times: its report elements' own (JUnit `timestamp` + `time`),
 * and its cases'. Only numbers: an importer's strings may be slices of a whole input chunk, and keeping
 * one per suite would keep every chunk alive.
 */
export interface SuiteClock {
  elements: number;
  elementStart: Millis | null;
  elementEnd: Millis | null;
  elementDuration: number;
  /** Some element had no duration: the elements' sum is then not the suite's. */
  elementWithoutDuration: boolean;
  caseStart: Millis | null;
  caseEnd: Millis | null;
  caseDuration: number | null;
  /** Stored times when the suite came from an earlier shard. */
  stored?: { start: Millis | null; end: Millis | null; duration: number | null };
}

export function newSuiteClock(stored?: SuiteClock['stored']): SuiteClock {
  return { elements: 0, elementStart: null, elementEnd: null, elementDuration: 0, elementWithoutDuration: false, caseStart: null, caseEnd: null, caseDuration: null, ...(stored ? { stored } : {}) };
}

/** Notes one report element of the suite (once per element, however many cases it holds). */
export function noteSuiteElement(clock: SuiteClock, info: SuiteInfo): void {
  const start = info.startTime ? (parseIsoTime(info.startTime) ?? null) : null;
  const duration = info.duration ?? null;
  clock.elements++;
  clock.elementStart = minTime([clock.elementStart, start]);
  if (start !== null && duration !== null) clock.elementEnd = maxTime([clock.elementEnd, start + duration]);
  if (duration === null) clock.elementWithoutDuration = true;
  else clock.elementDuration += duration;
}

/** A fresh copy of a string, so that it does not keep the (large) string it was sliced from alive. */
const detached = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

interface Pending {
  suite: SuiteInfo;
  suiteName: string;
  case: NormalizedCase;
}

const CONTENT_COLUMNS_NULL = {
  os_version: null, browser: null, browser_version: null, resolution: null, platform: null, device_name: null, host_name: null, os_type: null, app_details: null,
};

class ImportSink {
  created = false;
  private pending: Pending[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private machine: { id: number; title: string; parent: ReturnType<ParentLinks['machineByTitle']['get']> } | undefined;
  private readonly suites = new Map<string, SuiteEntry>();
  private readonly seenInfos = new WeakSet<SuiteInfo>();
  private readonly facts: { environment: Record<string, string>; starts: Millis[]; ends: Millis[]; durations: number[]; device: DeviceConfigurationDocument } = {
    environment: {}, starts: [], ends: [], durations: [], device: {},
  };
  private readonly batchSize: number;

  private constructor(
    private readonly db: Db,
    private readonly traits: DialectTraits,
    private readonly workspaceId: number,
    private readonly target: ImportTarget,
    private readonly now: number,
    batchSize: number,
    private readonly runId: number,
    private readonly parentLinks: ParentLinks | undefined,
  ) {
    this.batchSize = batchSize;
  }

  /** Creates the run, or finds (and locks) the one an earlier shard with the same key created. */
  static async open(db: Db, traits: DialectTraits, workspaceId: number, target: ImportTarget, options: ImportOptions): Promise<ImportSink> {
    const now = options.now;
    const plan = target.plan.trim();
    const planId = (await ensureIdentities(db, traits, workspaceId, PLAN, [{ key: [plan], extra: { created_at: now } }])).get(plan)!;
    const key = target.runKey?.trim() || null;

    let parentLinks: ParentLinks | undefined;
    const createRun = async (): Promise<number | undefined> => {
      if (target.reRunParentId) {
        const parent = await findRun(db, workspaceId, target.reRunParentId);
        if (!parent) throw invalidField('reRunParentId', `names run ${target.reRunParentId}, which does not exist`, target.reRunParentId);
        if (parent.test_plan_id !== planId) throw invalidField('reRunParentId', `names run ${parent.id}, which belongs to another plan`, target.reRunParentId);
        if (await findRunChild(db, workspaceId, parent.id)) throw new VerdictError('CONFLICT', `run ${parent.id} already has a re-run; re-run the latest run of the chain instead`);
        parentLinks = await loadParentLinks(db, parent.id);
      }
      const [id] = await traits.allocateIds(db, 'test_runs', 1);
      const [metricsId] = await traits.allocateIds(db, 'metrics', 1);
      const row = {
        id: id!,
        ...emptyResultRow(now, metricsId!),
        workspace_id: workspaceId,
        test_plan_id: planId,
        build_no: target.buildNo ?? null,
        executor: null,
        triggered_type: 'API',
        re_run_type: target.reRunParentId ? 'ONLY_FAILED_TESTS' : null,
        message: null,
        environment: null,
        re_run_parent_id: target.reRunParentId ?? null,
        client_key: key,
      };
      const inserted = await db
        .insertInto('test_runs')
        .values(row as never)
        .$if(key !== null, (q) => q.onConflict((oc) => oc.columns(['workspace_id', 'test_plan_id', 'client_key']).doNothing()))
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0 ? id! : undefined;
    };

    let runId: number | undefined;
    let created = false;
    if (key !== null) {
      runId = (await findKeyedRun(db, workspaceId, planId, key))?.id;
      if (runId === undefined) {
        runId = await createRun();
        created = runId !== undefined;
        // Another shard won the race: its row is committed now (PostgreSQL waited on the unique index).
        runId ??= (await findKeyedRun(db, workspaceId, planId, key))?.id;
      }
      if (runId === undefined) throw new Error(`run key ${key}: the run was neither created nor found`);
      if (!created) {
        // Lock the shared run: the next shard waits until this one commits, so each recount sees all rows.
        await db.updateTable('test_runs').set({ updated_at: now }).where('id', '=', runId).execute();
        const run = (await findRun(db, workspaceId, runId))!;
        if (run.status !== 'STATUS_COMPLETED') throw new VerdictError('CONFLICT', `run key "${key}" names run ${runId}, which the live API is still reporting; use another run key`);
        if (run.re_run_parent_id !== null) parentLinks = await loadParentLinks(db, run.re_run_parent_id);
      }
    } else {
      runId = (await createRun())!;
      created = true;
    }
    const sink = new ImportSink(db, traits, workspaceId, target, now, Math.max(1, options.batchSize ?? 500), runId, parentLinks);
    sink.created = created;
    return sink;
  }

  addRunFacts(event: RunFacts): void {
    if (event.environment) for (const [k, v] of Object.entries(event.environment)) this.facts.environment[detached(k)] ??= detached(v);
    const start = event.startTime ? parseIsoTime(event.startTime) : undefined;
    if (start !== undefined) this.facts.starts.push(start);
    if (event.duration !== null && event.duration !== undefined) {
      this.facts.durations.push(event.duration);
      if (start !== undefined) this.facts.ends.push(start + event.duration);
    }
    const dc = event.machine?.deviceConfiguration;
    if (dc) for (const [k, v] of Object.entries(dc)) if (typeof v === 'string') (this.facts.device as Record<string, unknown>)[k] ??= detached(v);
  }

  async addCase(event: Extract<ImportEvent, { kind: 'case' }>, fileName: string): Promise<void> {
    const suiteName = event.suite.name?.trim() || '(unnamed suite)';
    const normalized = normalizeCase(event.case, suiteName);
    if (!normalized.ok) {
      const message = `${fileName}: case "${event.case.name}" in suite "${suiteName}": ${normalized.problem.field} ${normalized.problem.message}`;
      throw new VerdictError('INVALID_REPORT', message, { fieldErrors: [{ field: 'file', message, rejectedValue: fileName }] });
    }
    this.pending.push({ suite: event.suite, suiteName, case: normalized.case });
    if (this.pending.length >= this.batchSize) {
      // One batch in flight while the importer parses the next: on PostgreSQL the writes then overlap
      // the parsing. Batches still go one after the other, on the transaction's one connection.
      await this.inFlight;
      this.inFlight = this.flush();
      this.inFlight.catch(() => {}); // rethrown by the next await
    }
  }

  private async ensureMachine() {
    if (this.machine) return this.machine;
    const title = this.target.machine?.trim() || this.facts.device.hostName?.trim() || 'default';
    const existing = this.created
      ? undefined
      : await this.db.selectFrom('machine_results').select('id').where('test_run_id', '=', this.runId).where('title', '=', title).executeTakeFirst();
    const parent = this.parentLinks?.machineByTitle.get(title);
    if (existing) {
      this.machine = { id: existing.id, title, parent };
      await this.loadStoredSuites(existing.id);
      return this.machine;
    }
    const [id] = await this.traits.allocateIds(this.db, 'machine_results', 1);
    const [metricsId] = await this.traits.allocateIds(this.db, 'metrics', 1);
    const position = this.created ? 0 : Number((await this.db.selectFrom('machine_results').select((eb) => eb.fn.countAll().as('n')).where('test_run_id', '=', this.runId).executeTakeFirstOrThrow()).n);
    await this.db
      .insertInto('machine_results')
      .values({ id: id!, ...emptyResultRow(this.now, metricsId!), ...CONTENT_COLUMNS_NULL, workspace_id: this.workspaceId, test_run_id: this.runId, position, title, re_run_parent_id: parent?.id ?? null } as never)
      .execute();
    this.machine = { id: id!, title, parent };
    return this.machine;
  }

  /** A later shard appends to the suites an earlier one created on the same machine. */
  private async loadStoredSuites(machineId: number) {
    const rows = await this.db.selectFrom('suite_results').select(['id', 'suite_id', 'name', 'start_time', 'end_time', 'duration']).where('machine_result_id', '=', machineId).execute();
    const positions = await this.db
      .selectFrom('case_results')
      .select((eb) => ['suite_result_id', eb.fn.max('position').as('last')])
      .where('machine_result_id', '=', machineId)
      .where('parent_id', 'is', null)
      .groupBy('suite_result_id')
      .execute();
    const lastOf = new Map(positions.map((p) => [p.suite_result_id, Number(p.last)]));
    for (const r of rows) {
      this.suites.set(r.name, {
        id: r.id,
        suiteId: r.suite_id,
        nextPosition: (lastOf.get(r.id) ?? -1) + 1,
        parent: this.machine?.parent?.suiteBySuiteId.get(r.suite_id),
        clock: newSuiteClock({ start: r.start_time, end: r.end_time, duration: r.duration }),
      });
    }
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    if (!batch.length) return;
    this.pending = [];
    const machine = await this.ensureMachine();

    // Suites seen for the first time in this machine.
    const freshNames = [...new Set(batch.map((p) => p.suiteName).filter((n) => !this.suites.has(n)))];
    if (freshNames.length) {
      const identities = await ensureIdentities(this.db, this.traits, this.workspaceId, SUITE, freshNames.map((n) => ({ key: [n] })));
      const ids = await this.traits.allocateIds(this.db, 'suite_results', freshNames.length);
      const metricIds = await this.traits.allocateIds(this.db, 'metrics', freshNames.length);
      const position = this.suites.size;
      const rows = freshNames.map((name, i) => {
        const suiteId = identities.get(name)!;
        const parent = machine.parent?.suiteBySuiteId.get(suiteId);
        this.suites.set(detached(name), { id: ids[i]!, suiteId, nextPosition: 0, parent, clock: newSuiteClock() });
        return {
          id: ids[i]!, ...emptyResultRow(this.now, metricIds[i]!), workspace_id: this.workspaceId, test_run_id: this.runId, machine_result_id: machine.id,
          suite_id: suiteId, position: position + i, name, re_run_parent_id: parent?.id ?? null,
        };
      });
      await insertRows(this.db, this.traits, 'suite_results', rows);
    }

    const caseIds = await ensureIdentities(this.db, this.traits, this.workspaceId, TEST_CASE, batch.map((p) => ({ key: [p.case.identity], extra: { name: p.case.name } })));
    const stepSpecs = batch.flatMap((p) =>
      [p.case, ...p.case.iterations].flatMap((row) => flattenSteps(row.steps).map((s) => ({ key: [caseIds.get(p.case.identity)!, s.pathKey] as const, extra: { action: s.action } }))),
    );
    const stepIds = stepSpecs.length ? await ensureIdentities(this.db, this.traits, this.workspaceId, TEST_STEP, stepSpecs) : new Map<string, number>();
    const rowCount = batch.reduce((n, p) => n + 1 + p.case.iterations.length, 0);
    const ids = await this.traits.allocateIds(this.db, 'case_results', rowCount);
    const metricIds = await this.traits.allocateIds(this.db, 'metrics', rowCount);
    let next = 0;

    const caseRows: Record<string, unknown>[] = [];
    const stepRows: Record<string, unknown>[] = [];
    for (const p of batch) {
      const suite = this.suites.get(p.suiteName)!;
      this.noteTimes(suite, p);
      const c = p.case;
      const testCaseId = caseIds.get(c.identity)!;
      const parentCase = suite.parent?.caseByTestCaseId.get(testCaseId);
      const place = { workspace_id: this.workspaceId, test_run_id: this.runId, machine_result_id: machine.id, suite_result_id: suite.id, suite_id: suite.suiteId, test_case_id: testCaseId };
      const stepIdOf = (pathKey: string) => stepIds.get(`${testCaseId}\u0000${pathKey}`)!;
      const stepPlace = (caseResultId: number) => ({ workspace_id: this.workspaceId, test_run_id: this.runId, machine_result_id: machine.id, case_result_id: caseResultId, test_case_id: testCaseId });
      const id = ids[next]!;
      caseRows.push(caseResultRow(c, place, { id, metricsId: metricIds[next++]!, parentId: null, position: suite.nextPosition++, reRunParentId: parentCase?.id ?? null, now: this.now }));
      pushStepResultRows(stepRows, c.steps, stepPlace(id), stepIdOf, this.now);
      c.iterations.forEach((it, i) => {
        const iterationId = ids[next]!;
        caseRows.push(caseResultRow(it, place, { id: iterationId, metricsId: metricIds[next++]!, parentId: id, position: i, reRunParentId: parentCase?.iterationIds[i] ?? null, now: this.now }));
        pushStepResultRows(stepRows, it.steps, stepPlace(iterationId), stepIdOf, this.now);
      });
    }
    await insertRows(this.db, this.traits, 'case_results', caseRows);
    await insertRows(this.db, this.traits, 'step_results', stepRows);
  }

  private noteTimes(suite: SuiteEntry, p: Pending) {
    if (!this.seenInfos.has(p.suite)) {
      this.seenInfos.add(p.suite);
      noteSuiteElement(suite.clock, p.suite);
    }
    const c = p.case;
    const clock = suite.clock;
    clock.caseStart = minTime([clock.caseStart, c.startTime]);
    clock.caseEnd = maxTime([clock.caseEnd, c.endTime, c.startTime !== null && c.duration !== null ? c.startTime + c.duration : null]);
    if (c.duration !== null) clock.caseDuration = (clock.caseDuration ?? 0) + c.duration;
  }



  /** Waits for the batch in flight, whatever its outcome. */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => {});
  }

  /** Writes the last batch, sets times from the bottom up, and recounts every metric from the rows. */
  async finish(): Promise<number> {
    await this.inFlight;
    await this.flush();
    const machine = await this.ensureMachine();
    for (const suite of this.suites.values()) {
      if (!suite.clock.elements) continue;
      const times = suiteTimes(suite.clock);
      await this.db.updateTable('suite_results').set({ start_time: times.start, end_time: times.end, duration: times.duration, updated_at: this.now }).where('id', '=', suite.id).execute();
    }

    const suites = await this.db.selectFrom('suite_results').select(['start_time', 'end_time', 'duration']).where('machine_result_id', '=', machine.id).execute();
    const machineTimes = parentTimes(suites);
    const dc = this.facts.device;
    await this.db
      .updateTable('machine_results')
      .set({
        ...machineTimes.columns,
        ...(this.created || dc.hostName
          ? { host_name: dc.hostName ?? null, os_version: dc.osVersion ?? null, platform: dc.platform ?? null, os_type: dc.osType ?? null, device_name: dc.deviceName ?? null, browser: dc.browser ?? null, browser_version: dc.browserVersion ?? null, resolution: dc.resolution ?? null }
          : {}),
        updated_at: this.now,
      })
      .where('id', '=', machine.id)
      .execute();

    const run = (await findRun(this.db, this.workspaceId, this.runId))!;
    const machines = await this.db.selectFrom('machine_results').select(['start_time', 'end_time', 'duration']).where('test_run_id', '=', this.runId).execute();
    const fromMachines = parentTimes(machines);
    const start = minTime([fromMachines.columns.start_time, ...this.facts.starts, this.created ? null : run.start_time]);
    const end = maxTime([fromMachines.columns.end_time, ...this.facts.ends, this.created ? null : run.end_time]);
    const duration = span(start, end) ?? (this.facts.durations.length && this.created ? sum(this.facts.durations) : fromMachines.columns.duration);
    const environment = { ...this.facts.environment, ...(run.environment ? (JSON.parse(run.environment) as Record<string, string>) : {}), ...(this.target.environment ?? {}) };
    await this.db
      .updateTable('test_runs')
      .set({
        start_time: start,
        end_time: end,
        duration,
        environment: Object.keys(environment).length ? JSON.stringify(environment) : null,
        build_no: run.build_no ?? this.target.buildNo ?? null,
        status: 'STATUS_COMPLETED',
        updated_at: this.now,
      })
      .where('id', '=', this.runId)
      .execute();
    await recountRun(this.db, this.workspaceId, this.runId, this.now);
    return this.runId;
  }
}

function findKeyedRun(db: Db, workspaceId: number, planId: number, key: string) {
  return db.selectFrom('test_runs').select('id').where('workspace_id', '=', workspaceId).where('test_plan_id', '=', planId).where('client_key', '=', key).executeTakeFirst();
}

/** A run, machine or suite row before its counts are known; recountRun fills them in at the end. */
function emptyResultRow(now: number, metricsId: number) {
  const zero = { total_count: 0, passed_count: 0, failed_count: 0, aborted_count: 0, stopped_count: 0, not_executed_count: 0, queued_count: 0, running_count: 0, skipped_count: 0 };
  return {
    result: 'NOT_EXECUTED',
    status: 'STATUS_COMPLETED',
    start_time: null,
    end_time: null,
    duration: null,
    re_run_parent_id: null,
    client_key: null,
    created_at: now,
    updated_at: now,
    metrics_id: metricsId,
    ...zero,
    ...Object.fromEntries(Object.entries(zero).map(([k, v]) => [`c_${k}`, v])),
    metrics_duration: null,
    consolidated_duration: null,
    latest_result: 'NOT_EXECUTED',
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * A suite's times: its elements' timestamps and durations (JUnit `timestamp` + `time`; several elements
 * of one name add up), else its cases' (earliest start, latest end, sum of durations); merged with what an
 * earlier shard stored.
 */
export function suiteTimes(clock: SuiteClock): { start: Millis | null; end: Millis | null; duration: number | null } {
  const start = clock.elementStart ?? clock.caseStart;
  const end = clock.elementEnd ?? clock.caseEnd;
  const ownDuration = clock.elements && !clock.elementWithoutDuration ? clock.elementDuration : null;
  const duration = ownDuration ?? span(start, end) ?? clock.caseDuration;
  const s = clock.stored;
  if (!s) return { start, end, duration };
  return {
    start: minTime([s.start, start]),
    end: maxTime([s.end, end]),
    duration: s.duration === null && duration === null ? null : (s.duration ?? 0) + (duration ?? 0),
  };
}

/** A parent's times from its children: earliest start, latest end, the span between (else the sum). */
function parentTimes(children: { start_time: Millis | null; end_time: Millis | null; duration: number | null }[]) {
  const start = minTime(children.map((c) => c.start_time));
  const end = maxTime(children.map((c) => c.end_time));
  const durations = children.map((c) => c.duration).filter((d): d is number => d !== null);
  return { columns: { start_time: start, end_time: end, duration: span(start, end) ?? (durations.length ? sum(durations) : null) } };
}

