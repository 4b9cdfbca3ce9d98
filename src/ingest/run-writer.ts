/**
 * The one writer of result rows: every way in (document, report import, live API, and the mappings to
 * come) hands it machines, suites and cases, and it writes them through the store's repositories inside
 * the caller's transaction. Machines are found by client key, else by title; suites by client key, else
 * by name within their machine; whole cases are appended in bulk; live patches (case-patches.ts) update
 * rows by client key. A re-run's rows are linked to their counterparts in the parent run as they are
 * written. `settle()` recounts what changed, so metrics are right after every batch.
 */
import { TEXT_LIMITS, type DeviceConfigurationDocument } from '../core/document.js';
import { fit } from '../core/text.js';
import type { FixedIds } from '../core/normalized.js';
import { runMessage } from '../core/results.js';
import type { Counts } from '../core/counts.js';
import type { Result, Status } from '../core/vocabulary.js';
import { insertRows } from '../store/batch.js';
import type { Db, DialectTraits } from '../store/dialect.js';
import { ensureIdentities, PLAN, SUITE } from '../store/identity-repository.js';
import { countRows, findByKeys, syncPinnedIds, findMachineByTitle, findSuiteByIdentity, findSuiteByName, insertRow, nextCasePosition, updateMachine, updateSuite } from '../store/result-repository.js';
import { resultAndMetricColumns } from '../store/result-rows.js';
import { findRun, updateRun, type RunRow } from '../store/run-repository.js';
import { addCases, type CaseAddition } from './case-writes.js';
import { refreshReRunChain } from './consolidation.js';
import { defined, deviceColumns, json, NO_DEVICE, suiteColumns } from './patch-values.js';
import { recountCases, recountRun } from './recount.js';

export interface MachineRef {
  id: number;
  title: string;
  /** The same machine in the re-run parent. */
  parentId: number | null;
}

export interface SuiteRef {
  id: number;
  /** The suite's identity (test_suites). */
  suiteId: number;
  name: string;
  machineId: number;
  parentId: number | null;
  nextPosition: number;
}

/** A level's metrics when the way in has them already (a whole document): the writer then need not recount. */
export interface KnownMetrics {
  result: Result;
  counts: Counts;
  metricsDuration: number | null;
}

interface Timed {
  startTime?: number | null;
  endTime?: number | null;
  duration?: number | null;
  status?: Status;
  metrics?: KnownMetrics;
}

export interface MachineChange extends Timed {
  key?: string | null;
  title: string;
  device?: Partial<DeviceConfigurationDocument>;
  appDetails?: Record<string, unknown> | null;
  fixed?: FixedIds;
}

export interface SuiteChange extends Timed {
  key?: string | null;
  name: string;
  fixed?: FixedIds;
  /** A report ended inside the suite: ABORTED whatever its cases say, with `message` saying where. */
  truncated?: { message: string };
}

export interface WriterOptions {
  /** Live writes: new machines and suites start now and in progress; otherwise they arrive complete. */
  openItems: boolean;
  /** The unit of work writes nothing that is counted (a log's output, an attachment): settling skips the recount. */
  uncounted?: boolean;
}

export class RunWriter {
  /** Cases whose counts must be recounted from their rows before the batch ends. */
  readonly touchedCases = new Set<number>();
  /** What this writer wrote, for the operators' metrics (reported after the commit). */
  readonly written = { cases: 0, steps: 0 };
  private readonly machines = new Map<string, MachineRef>();
  private readonly suitesByKey = new Map<string, SuiteRef>();
  private readonly suitesByName = new Map<string, SuiteRef>();
  private usedFixedIds = false;
  /** Suites created per machine by this writer (positions in a run it created need no count). */
  private readonly suitesPerMachine = new Map<number, number>();
  /** The run ended in this batch with a result its cases do not decide (stopped, aborted): set after the recount. */
  endedAs: { result: Result; message: string | null } | undefined;

  constructor(
    readonly db: Db,
    readonly traits: DialectTraits,
    readonly workspaceId: number,
    /** The run as it was when the writer opened it. */
    readonly run: RunRow,
    readonly now: number,
    readonly options: WriterOptions,
    /** The run was created in this transaction: every row of it is one this writer made, so nothing need be looked up. */
    readonly fresh = false,
  ) {}

  get runId(): number {
    return this.run.id;
  }

  /** Finds (by key, else by title) or creates a machine; a found one takes the fields the change gives. */
  async machine(change: MachineChange): Promise<MachineRef> {
    const cacheKey = change.key ? `k\u0000${change.key}` : `t\u0000${change.title}`;
    const cached = this.machines.get(cacheKey);
    const found = cached || this.fresh ? undefined : change.key ? (await findByKeys(this.db, 'machine_results', this.runId, [change.key]))[0] : await findMachineByTitle(this.db, this.runId, change.title);
    const columns = defined({
      ...deviceColumns(change.device),
      app_details: json(change.appDetails),
      start_time: change.startTime,
      end_time: change.endTime,
      duration: change.duration,
      status: change.status,
    });
    if (cached || found) {
      const ref = cached ?? { id: found!.id, title: found!.title as string, parentId: found!.re_run_parent_id as number | null };
      if (Object.keys(columns).length) await updateMachine(this.db, ref.id, { ...columns, ...(change.key && change.device?.title?.trim() ? { title: fit(change.device.title.trim(), TEXT_LIMITS.title) } : {}), updated_at: this.now });
      this.machines.set(cacheKey, ref);
      return ref;
    }
    const parent = this.run.re_run_parent_id ? await findMachineByTitle(this.db, this.run.re_run_parent_id, change.title) : undefined;
    const id = change.fixed?.id ?? (await this.traits.allocateIds(this.db, 'machine_results', 1))[0]!;
    const metricsId = change.fixed?.metricsId ?? (await this.traits.allocateIds(this.db, 'metrics', 1))[0]!;
    this.usedFixedIds ||= change.fixed !== undefined;
    await insertRow(this.db, 'machine_results', {
      id,
      workspace_id: this.workspaceId,
      test_run_id: this.runId,
      position: this.fresh ? this.machines.size : await countRows(this.db, 'machine_results', { column: 'test_run_id', value: this.runId }),
      title: change.title,
      ...NO_DEVICE,
      app_details: null,
      re_run_parent_id: parent?.id ?? null,
      client_key: change.key ?? null,
      created_at: this.now,
      updated_at: this.now,
      metrics_id: metricsId,
      ...this.openColumns(change.metrics),
      ...columns,
    });
    const ref = { id, title: change.title, parentId: parent?.id ?? null };
    this.machines.set(cacheKey, ref);
    return ref;
  }

  /** Finds (by key, else by name within the machine) or creates suites, in one pass for the new ones. */
  async suites(machine: MachineRef, changes: readonly SuiteChange[]): Promise<SuiteRef[]> {
    const refs: (SuiteRef | undefined)[] = [];
    const fresh: { change: SuiteChange; index: number }[] = [];
    const keyed = changes.filter((c) => c.key && !this.suitesByKey.has(c.key)).map((c) => c.key!);
    const stored = new Map(this.fresh ? [] : (await findByKeys(this.db, 'suite_results', this.runId, keyed)).map((r) => [r.client_key, r]));
    for (const [index, change] of changes.entries()) {
      const nameKey = `${machine.id}\u0000${change.name}`;
      let ref = change.key ? this.suitesByKey.get(change.key) : this.suitesByName.get(nameKey);
      if (!ref) {
        const row = change.key ? stored.get(change.key) : this.fresh ? undefined : await findSuiteByName(this.db, machine.id, change.name);
        if (row) {
          ref = { id: row.id, suiteId: row.suite_id as number, name: row.name as string, machineId: row.machine_result_id as number, parentId: row.re_run_parent_id as number | null, nextPosition: await nextCasePosition(this.db, row.id) };
          this.remember(ref, change.key);
        }
      }
      if (ref) {
        const columns = suiteColumns(change);
        if (Object.keys(columns).length) await updateSuite(this.db, ref.id, { ...columns, updated_at: this.now });
      } else fresh.push({ change, index });
      refs[index] = ref;
    }
    if (fresh.length) for (const [i, ref] of (await this.createSuites(machine, fresh.map((f) => f.change))).entries()) refs[fresh[i]!.index] = ref;
    return refs as SuiteRef[];
  }

  private async createSuites(machine: MachineRef, changes: readonly SuiteChange[]): Promise<SuiteRef[]> {
    const identities = await ensureIdentities(this.db, this.traits, this.workspaceId, SUITE, changes.map((c) => ({ key: [c.name], fixedId: c.fixed?.identityId })));
    const ids = await this.traits.allocateIds(this.db, 'suite_results', changes.filter((c) => c.fixed?.id === undefined).length);
    const metricIds = await this.traits.allocateIds(this.db, 'metrics', changes.filter((c) => c.fixed?.metricsId === undefined).length);
    let position = this.fresh ? (this.suitesPerMachine.get(machine.id) ?? 0) : await countRows(this.db, 'suite_results', { column: 'machine_result_id', value: machine.id });
    const refs: SuiteRef[] = [];
    const rows: Record<string, unknown>[] = [];
    for (const change of changes) {
      // Two new suites of one name in one batch are one suite.
      const twin = !change.key && this.suitesByName.get(`${machine.id}\u0000${change.name}`);
      if (twin) {
        refs.push(twin);
        continue;
      }
      this.usedFixedIds ||= change.fixed !== undefined;
      const suiteId = identities.get(change.name)!;
      const parent = machine.parentId ? await findSuiteByIdentity(this.db, machine.parentId, suiteId) : undefined;
      const ref: SuiteRef = { id: change.fixed?.id ?? ids.shift()!, suiteId, name: change.name, machineId: machine.id, parentId: parent?.id ?? null, nextPosition: 0 };
      rows.push({
        id: ref.id,
        workspace_id: this.workspaceId,
        test_run_id: this.runId,
        machine_result_id: machine.id,
        suite_id: suiteId,
        position: position++,
        name: change.name,
        re_run_parent_id: ref.parentId,
        client_key: change.key ?? null,
        created_at: this.now,
        updated_at: this.now,
        metrics_id: change.fixed?.metricsId ?? metricIds.shift()!,
        ...this.openColumns(change.metrics),
        ...suiteColumns(change, true),
      });
      this.remember(ref, change.key);
      refs.push(ref);
    }
    await insertRows(this.db, this.traits, 'suite_results', rows);
    this.suitesPerMachine.set(machine.id, position);
    return refs;
  }

  private remember(ref: SuiteRef, key: string | null | undefined) {
    if (key) this.suitesByKey.set(key, ref);
    else this.suitesByName.set(`${ref.machineId}\u0000${ref.name}`, ref);
  }

  /** A stored suite by client key, for the live API's references. */
  async suiteByKey(key: string): Promise<SuiteRef | undefined> {
    const cached = this.suitesByKey.get(key);
    if (cached) return cached;
    const row = (await findByKeys(this.db, 'suite_results', this.runId, [key]))[0];
    if (!row) return undefined;
    const ref = { id: row.id, suiteId: row.suite_id as number, name: row.name as string, machineId: row.machine_result_id as number, parentId: row.re_run_parent_id as number | null, nextPosition: await nextCasePosition(this.db, row.id) };
    this.remember(ref, key);
    return ref;
  }

  /** A stored machine by client key. */
  async machineByKey(key: string): Promise<MachineRef | undefined> {
    const cached = this.machines.get(`k\u0000${key}`);
    if (cached) return cached;
    const row = (await findByKeys(this.db, 'machine_results', this.runId, [key]))[0];
    if (!row) return undefined;
    const ref = { id: row.id, title: row.title as string, parentId: row.re_run_parent_id as number | null };
    this.machines.set(`k\u0000${key}`, ref);
    return ref;
  }

  /** Appends whole cases (with iterations and step trees) in bulk; see case-writes.ts. */
  addCases(items: readonly CaseAddition[]): Promise<void> {
    return addCases(this, items);
  }

  /** Rows were written with pinned ids (the seed and demo loaders): id allocation moves past them on settle. */
  pinnedIds(used: boolean): void {
    this.usedFixedIds ||= used;
  }

  /** The run row's own fields as a way in finally knows them; `testPlan` moves it to the plan it turns out to be of. */
  async updateRun(set: { startTime?: number | null; endTime?: number | null; duration?: number | null; buildNo?: string | null; executor?: string | null; environment?: Record<string, string> | null; status?: Status; metrics?: KnownMetrics; testPlan?: string }): Promise<void> {
    const known = set.metrics;
    const plan = set.testPlan?.trim();
    const planId = plan ? (await ensureIdentities(this.db, this.traits, this.workspaceId, PLAN, [{ key: [plan], extra: { created_at: this.now } }])).get(plan) : undefined;
    await updateRun(this.db, this.runId, {
      ...(planId !== undefined ? { test_plan_id: planId } : {}),
      ...(known ? { ...resultAndMetricColumns({ result: known.result, status: 'STATUS_COMPLETED', startTime: null, endTime: null, duration: null }, known.counts, known.metricsDuration), message: runMessage(known.result) } : {}),
      ...defined({ start_time: set.startTime, end_time: set.endTime, duration: set.duration, build_no: fit(set.buildNo, TEXT_LIMITS.title), executor: fit(set.executor, TEXT_LIMITS.title), status: set.status, environment: set.environment === undefined ? undefined : set.environment && Object.keys(set.environment).length ? JSON.stringify(set.environment) : null }),
      updated_at: this.now,
    });
  }

  /**
   * Every level's metrics were written as known (a whole document, all in this batch): settling then only
   * refreshes the re-run chain, instead of recounting rows whose counts are already right.
   */
  metricsKnown = false;

  /** Recounts what this batch changed: the touched cases, then the run's levels (and its re-run chain). */
  async settle(): Promise<void> {
    if (this.metricsKnown && !this.touchedCases.size) {
      if (this.run.re_run_parent_id !== null) await refreshReRunChain(this.db, this.workspaceId, this.runId, this.now);
    } else if (!(this.options.uncounted && !this.fresh && !this.touchedCases.size)) {
      await recountCases(this.db, [...this.touchedCases], this.now);
      await recountRun(this.db, this.workspaceId, this.runId, this.now);
    }
    if (this.endedAs) await updateRun(this.db, this.runId, { result: this.endedAs.result, latest_result: this.endedAs.result, message: this.endedAs.message });
    if (this.usedFixedIds) await syncPinnedIds(this.db, this.traits);
  }

  /** The run as stored now. */
  async current(): Promise<RunRow> {
    return (await findRun(this.db, this.workspaceId, this.runId))!;
  }

  /** A new machine or suite row's result and metric columns: known, open (live), or to be recounted. */
  private openColumns(known?: KnownMetrics) {
    if (known) return resultAndMetricColumns({ result: known.result, status: 'STATUS_COMPLETED', startTime: null, endTime: null, duration: null }, known.counts, known.metricsDuration);
    return this.options.openItems
      ? resultAndMetricColumns({ result: 'QUEUED', status: 'STATUS_IN_PROGRESS', startTime: this.now, endTime: null, duration: null })
      : resultAndMetricColumns({ result: 'NOT_EXECUTED', status: 'STATUS_COMPLETED', startTime: null, endTime: null, duration: null });
  }
}
