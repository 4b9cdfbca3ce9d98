/**
 * The ingest service: every write of results goes through here. A unit of work runs in one database
 * transaction with a RunWriter per run it touches; before the commit each writer settles (recounts what
 * changed), and after the commit the run events are published, from this one place.
 *
 * @example
 *   const runId = await ingest.write(workspaceId, async (tx) => {
 *     const w = await tx.open({ testPlan: 'Checkout', key: 'build-42' }, { openItems: true });
 *     await w.machine({ title: 'Linux Chrome' });
 *     return w.runId;
 *   });
 */
import { VerdictError, notFound } from '../core/errors.js';
import type { Db, Store } from '../store/dialect.js';
import { findRun } from '../store/run-repository.js';
import type { RunEvent, RunEventKind, RunEvents } from './events.js';
import { openRun, type RunOpening } from './open-run.js';
import { RunWriter, type WriterOptions } from './run-writer.js';
import { closeLiveRun, completeReportRun, type ReportTimes } from './finish-run.js';

export interface IngestTransaction {
  readonly db: Db;
  /** The unit of work's time (the service's clock). */
  readonly now: number;
  /** Creates the run, or finds the one its key names. */
  open(opening: RunOpening, options: WriterOptions): Promise<RunWriter & { created: boolean }>;
  /** A run that exists; `allowFinished: false` refuses a finished one with 409. */
  run(runId: number, options: WriterOptions & { allowFinished: boolean }): Promise<RunWriter>;
  /** A live run ends: what has not run is NOT_EXECUTED, or STOPPED. Finishing twice changes nothing. */
  finishLive(writer: RunWriter, options: { stop: boolean; endTime?: number | null }): Promise<void>;
  /** A report's run is complete, with the times the report gave. */
  complete(writer: RunWriter, times: ReportTimes): Promise<void>;
}

export interface Ingest {
  readonly events: RunEvents;
  write<T>(workspaceId: number, work: (tx: IngestTransaction) => Promise<T>): Promise<T>;
}

/** Told after each commit what it wrote: the operators' counters (ops/metrics.ts). */
export type CommitListener = (written: { cases: number; steps: number }) => void;

export function createIngest(store: Store, events: RunEvents, clock: () => number, onCommit?: CommitListener): Ingest {
  return {
    events,
    async write(workspaceId, work) {
      const now = clock();
      const announced: RunEvent[] = [];
      const written = { cases: 0, steps: 0 };
      const announce = (kind: RunEventKind, runId: number) => {
        if (!announced.some((e) => e.kind === kind && e.runId === runId)) announced.push({ kind, workspaceId, runId, at: now });
      };
      const result = await store.db.transaction().execute(async (trx) => {
        const writers: RunWriter[] = [];
        const tx: IngestTransaction = {
          db: trx,
          now,
          async open(opening, options) {
            const { run, created } = await openRun(trx, store.traits, workspaceId, opening, now);
            if (created) announce('run.created', run.id);
            const writer = new RunWriter(trx, store.traits, workspaceId, run, now, options, created);
            writers.push(writer);
            return Object.assign(writer, { created });
          },
          async run(runId, options) {
            const run = await findRun(trx, workspaceId, runId);
            if (!run) throw notFound(`test run ${runId}`);
            if (!options.allowFinished && run.status === 'STATUS_COMPLETED') throw new VerdictError('CONFLICT', `test run ${runId} is finished; open a new run or a re-run`);
            const writer = new RunWriter(trx, store.traits, workspaceId, run, now, options);
            writers.push(writer);
            return writer;
          },
          async finishLive(writer, options) {
            if (await closeLiveRun(writer, options)) announce('run.finished', writer.runId);
          },
          async complete(writer, times) {
            await completeReportRun(writer, times);
            announce('run.finished', writer.runId);
          },
        };
        const value = await work(tx);
        for (const writer of writers) {
          await writer.settle();
          written.cases += writer.written.cases;
          written.steps += writer.written.steps;
          if (!announced.some((e) => e.runId === writer.runId && e.kind === 'run.finished')) announce('run.updated', writer.runId);
        }
        return value;
      });
      events.publish(announced);
      onCommit?.(written);
      return result;
    },
  };
}
