/**
 * The import's sink: buffers normalized cases into batches for the writer and keeps what the upload learns
 * of times, the machine and the build (and what the importers tolerated), to set them from the bottom up
 * when the last batch is written.
 */
import { VerdictError } from '../core/errors.js';
import { normalizeCase } from '../core/normalize-case.js';
import { machineTitle } from '../core/results.js';
import { maxTime, minTime, parseIsoTime, span, type Millis } from '../core/time.js';
import type { DeviceConfigurationDocument } from '../core/document.js';
import type { NormalizedCase } from '../core/normalized.js';
import type { ImportEvent, ImportWarning, SuiteInfo } from '../importers/index.js';
import { suiteTimesOf } from '../store/import-repository.js';
import { childTimes } from '../store/result-repository.js';
import type { CaseAttachment } from './case-writes.js';
import type { IngestTransaction } from './ingest-service.js';
import type { ImportedWarning, ImportTarget } from './import-mapping.js';
import type { MachineRef, RunWriter, SuiteChange, SuiteRef } from './run-writer.js';
import { newSuiteClock, noteCase, noteSuiteElement, parentTimes, suiteTimes, type SuiteClock } from './suite-clock.js';

type RunFacts = Extract<ImportEvent, { kind: 'run' }>;

const suiteNameOf = (suite: SuiteInfo) => suite.name?.trim() || '(unnamed suite)';

/** A fresh copy of a string, so that it does not keep the (large) string it was sliced from alive. */
const detached = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

interface Pending {
  suite: SuiteInfo;
  suiteName: string;
  case: NormalizedCase;
  attachments?: CaseAttachment[];
}

/** Buffers cases into batches for the writer and keeps what the upload learns about times and the machine. */
export class ImportSink {
  readonly warnings: ImportedWarning[] = [];
  /** Suites a report ended inside, by name: ABORTED with the message, once the cases are written. */
  private readonly incomplete = new Map<string, string>();
  private pending: Pending[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private machine: MachineRef | undefined;
  private readonly suites = new Map<string, { ref: SuiteRef; clock: SuiteClock }>();
  private readonly seenInfos = new WeakSet<SuiteInfo>();
  private readonly facts = { environment: {} as Record<string, string>, starts: [] as Millis[], ends: [] as Millis[], durations: [] as number[], device: {} as DeviceConfigurationDocument, buildNo: undefined as string | undefined, executor: undefined as string | undefined };

  constructor(
    private readonly w: RunWriter & { created: boolean },
    private readonly target: ImportTarget,
    private readonly batchSize: number,
  ) {}

  addRunFacts(event: RunFacts): void {
    if (event.environment) for (const [k, v] of Object.entries(event.environment)) this.facts.environment[detached(k)] ??= detached(v);
    const start = event.startTime ? parseIsoTime(event.startTime) : undefined;
    if (start !== undefined) this.facts.starts.push(start);
    if (event.duration !== null && event.duration !== undefined) {
      this.facts.durations.push(event.duration);
      if (start !== undefined) this.facts.ends.push(start + event.duration);
    }
    if (event.buildNo) this.facts.buildNo ??= detached(event.buildNo);
    if (event.executor) this.facts.executor ??= detached(event.executor);
    const dc = event.machine?.deviceConfiguration;
    if (dc) for (const [k, v] of Object.entries(dc)) if (typeof v === 'string') (this.facts.device as Record<string, unknown>)[k] ??= detached(v);
  }

  addWarning(file: string, warning: ImportWarning): void {
    this.warnings.push({ file: detached(file), code: warning.code, message: detached(warning.message), line: warning.line ?? null, column: warning.column ?? null });
  }

  markIncomplete(suite: SuiteInfo, message: string): void {
    this.incomplete.set(suiteNameOf(suite), detached(message));
  }

  async addCase(event: Extract<ImportEvent, { kind: 'case' }>, fileName: string, attachments?: CaseAttachment[]): Promise<void> {
    const suiteName = suiteNameOf(event.suite);
    const normalized = normalizeCase(event.case, suiteName);
    if (!normalized.ok) {
      const message = `${fileName}: case "${event.case.name}" in suite "${suiteName}": ${normalized.problem.field} ${normalized.problem.message}`;
      throw new VerdictError('INVALID_REPORT', message, { fieldErrors: [{ field: 'file', message, rejectedValue: fileName }] });
    }
    this.pending.push({ suite: event.suite, suiteName, case: normalized.case, ...(attachments?.length ? { attachments } : {}) });
    if (this.pending.length >= this.batchSize) {
      // One batch in flight while the importer parses the next: on PostgreSQL the writes then overlap
      // the parsing. Batches still go one after the other, on the transaction's one connection.
      await this.inFlight;
      this.inFlight = this.flush();
      this.inFlight.catch(() => {}); // rethrown by the next await
    }
  }

  /** Waits for the batch in flight, whatever its outcome. */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => {});
  }

  private async ensureMachine(): Promise<MachineRef> {
    this.machine ??= await this.w.machine({ title: machineTitle({ title: this.target.machine, hostName: this.facts.device.hostName }) });
    return this.machine;
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    if (!batch.length) return;
    this.pending = [];
    const machine = await this.ensureMachine();
    const fresh = [...new Set(batch.map((p) => p.suiteName).filter((n) => !this.suites.has(n)))];
    if (fresh.length) {
      // Detached: the writer keeps suite names for the whole upload, and a slice would keep its input chunk alive.
      const refs = await this.w.suites(machine, fresh.map((name) => ({ name: detached(name) })));
      const stored = new Map((await suiteTimesOf(this.w.db, refs.filter((r) => r.nextPosition > 0).map((r) => r.id))).map((s) => [s.id, s]));
      refs.forEach((ref, i) => {
        const s = stored.get(ref.id);
        this.suites.set(detached(fresh[i]!), { ref, clock: newSuiteClock(s ? { start: s.start_time, end: s.end_time, duration: s.duration } : undefined) });
      });
    }
    for (const p of batch) {
      const suite = this.suites.get(p.suiteName)!;
      if (!this.seenInfos.has(p.suite)) {
        this.seenInfos.add(p.suite);
        noteSuiteElement(suite.clock, p.suite);
      }
      noteCase(suite.clock, p.case);
    }
    await this.w.addCases(batch.map((p) => ({ suite: this.suites.get(p.suiteName)!.ref, case: p.case, attachments: p.attachments })));
  }

  /** Writes the last batch and sets times from the bottom up: suites, the machine, the run. */
  async finish(tx: IngestTransaction): Promise<void> {
    await this.inFlight;
    await this.flush();
    const machine = await this.ensureMachine();
    const suiteChanges = new Map<string, SuiteChange>();
    for (const { ref, clock } of this.suites.values()) {
      if (!clock.elements) continue;
      const times = suiteTimes(clock);
      suiteChanges.set(ref.name, { name: ref.name, startTime: times.start, endTime: times.end, duration: times.duration });
    }
    // A suite cut off before any case of it was complete is created here, empty and ABORTED.
    for (const [name, message] of this.incomplete) suiteChanges.set(name, { ...(suiteChanges.get(name) ?? { name: detached(name) }), truncated: { message } });
    if (suiteChanges.size) await this.w.suites(machine, [...suiteChanges.values()]);

    const own = parentTimes(await childTimes(this.w.db, { suitesOfMachine: machine.id }));
    const dc = this.facts.device;
    const device = this.w.created || dc.hostName ? { hostName: dc.hostName ?? null, osVersion: dc.osVersion ?? null, platform: dc.platform ?? null, osType: dc.osType ?? null, deviceName: dc.deviceName ?? null, browser: dc.browser ?? null, browserVersion: dc.browserVersion ?? null, resolution: dc.resolution ?? null } : undefined;
    await this.w.machine({ title: machine.title, device, startTime: own.start, endTime: own.end, duration: own.duration });

    const run = await this.w.current();
    const created = this.w.created;
    const fromMachines = parentTimes(await childTimes(this.w.db, { machinesOfRun: this.w.runId }));
    const start = minTime([fromMachines.start, ...this.facts.starts, created ? null : run.start_time]);
    const end = maxTime([fromMachines.end, ...this.facts.ends, created ? null : run.end_time]);
    const duration = span(start, end) ?? (this.facts.durations.length && created ? this.facts.durations.reduce((a, b) => a + b, 0) : fromMachines.duration);
    const environment = { ...this.facts.environment, ...(run.environment ? (JSON.parse(run.environment) as Record<string, string>) : {}), ...(this.target.environment ?? {}) };
    await tx.complete(this.w, { startTime: start, endTime: end, duration, environment, buildNo: run.build_no ?? this.target.buildNo ?? this.facts.buildNo ?? null, executor: run.executor ?? this.facts.executor ?? null });
  }
}
