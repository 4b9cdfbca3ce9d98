/**
 * The ingest service: every write of results goes through here. A unit of work runs in one database
 * transaction with a RunWriter per run it touches; before the commit each writer settles (recounts what
 * changed) and the run events are handed over (events.ts: sent with the commit on PostgreSQL, published
 * after it in process), from this one place.
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
import { recordRunEvents } from '../store/outbox-repository.js';
import type { RunEvent, RunEventKind, RunEvents } from './events.js';
import { openRun, takeUpWaitingRun, type RunOpening } from './open-run.js';
import { RunWriter, type WriterOptions } from './run-writer.js';
import { abortWaitingRun, closeLiveRun, completeReportRun, type ReportTimes } from './finish-run.js';

export interface IngestTransaction {
  readonly db: Db;
  /** The unit of work's time (the service's clock). */
  readonly now: number;
  /** Creates the run, or finds the one its key names. */
  open(opening: RunOpening, options: WriterOptions): Promise<RunWriter & { created: boolean }>;
  /**
   * A run that exists; `allowFinished: false` refuses a finished one with 409, `allowLive: false` one that
   * the live API is still reporting. A triggered run waiting for results is in progress from here on.
   */
  run(runId: number, options: WriterOptions & { allowFinished: boolean; allowLive?: boolean }): Promise<RunWriter>;
  /** A live run ends: what has not run is NOT_EXECUTED, or STOPPED. Finishing twice changes nothing. */
  finishLive(writer: RunWriter, options: { stop: boolean; endTime?: number | null }): Promise<void>;
  /** A report's run is complete, with the times the report gave. */
  complete(writer: RunWriter, times: ReportTimes): Promise<void>;
  /** A triggered run still waiting for results ends ABORTED with `message`; false when results came first. */
  abortWaiting(runId: number, message: string): Promise<boolean>;
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
            let run = await findRun(trx, workspaceId, runId);
            if (!run) throw notFound(`test run ${runId}`);
            const finished = () => new VerdictError('CONFLICT', `test run ${runId} is finished; open a new run or a re-run`);
            if (!options.allowFinished && run.status === 'STATUS_COMPLETED') throw finished();
            if (options.allowLive === false && run.status !== 'STATUS_COMPLETED' && run.status !== 'STATUS_CREATED') {
              throw new VerdictError('CONFLICT', `test run ${runId} is being reported through the live API; send its results there, or finish it first`);
            }
            if (run.status === 'STATUS_CREATED') {
              await takeUpWaitingRun(trx, run.id, now);
              // Read again: taken up now, or ended meanwhile by its time-out.
              run = (await findRun(trx, workspaceId, runId))!;
              if (!options.allowFinished && run.status === 'STATUS_COMPLETED') throw finished();
            }
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
          async abortWaiting(runId, message) {
            const run = await findRun(trx, workspaceId, runId);
            if (!run) throw notFound(`test run ${runId}`);
            const writer = new RunWriter(trx, store.traits, workspaceId, run, now, { openItems: false });
            if (!(await abortWaitingRun(writer, message))) return false;
            writers.push(writer);
            announce('run.finished', runId);
            return true;
          },
        };
        const value = await work(tx);
        for (const writer of writers) {
          await writer.settle();
          written.cases += writer.written.cases;
          written.steps += writer.written.steps;
          if (!announced.some((e) => e.runId === writer.runId && e.kind === 'run.finished')) announce('run.updated', writer.runId);
        }
        // A finished run is also recorded in this transaction: the outbox webhooks are fanned out from, so a
        // crash between the commit and the in-process announcement loses no delivery.
        await recordRunEvents(trx, store.traits, announced.filter((e) => e.kind === 'run.finished'));
        // Where events travel with the data (PostgreSQL's NOTIFY), they leave only if this commits.
        await events.beforeCommit(trx, announced);
        return value;
      });
      events.publish(announced);
      onCommit?.(written);
      return result;
    },
  };
}
