/**
 * Run events: what the ingest writer announces for each commit, from one place (ingest-service.ts).
 * Webhooks, the live view and retention subscribe; they never poll the tables.
 *
 * Two implementations, chosen by the store (shared-run-events.ts `runEventsFor`): on SQLite, one process,
 * subscribers are called synchronously after the commit (`inProcessRunEvents`); on PostgreSQL, where
 * several nodes share the database, events travel through it with LISTEN/NOTIFY so that every node hears
 * of runs written by any other. Either way a subscriber's error is reported, never thrown back into the
 * write that is already stored.
 */
import type { Db } from '../store/dialect.js';

export const RUN_EVENT_KINDS = ['run.created', 'run.updated', 'run.finished'] as const;
export type RunEventKind = (typeof RUN_EVENT_KINDS)[number];

export interface RunEvent {
  kind: RunEventKind;
  workspaceId: number;
  runId: number;
  /** Epoch ms of the commit (the writer's clock). */
  at: number;
}

export type RunEventListener = (event: RunEvent) => void | Promise<void>;

export interface RunEvents {
  /** In the writing transaction, before its commit: events that travel with the data (NOTIFY) are sent here, so a write rolled back announces nothing. */
  beforeCommit(db: Db, events: readonly RunEvent[]): Promise<void>;
  /** After the commit. */
  publish(events: readonly RunEvent[]): void;
  /**
   * `missed`: events may have been lost (the PostgreSQL listener reconnected), so whoever keeps state
   * built from them refreshes it. Returns the function that unsubscribes.
   */
  subscribe(listener: RunEventListener, missed?: () => void): () => void;
}

/** This process's subscribers: each event to each of them, a failure reported and kept from the others. */
export function localSubscribers(onListenerError: (error: unknown, event: RunEvent) => void) {
  const subscribers = new Set<{ listener: RunEventListener; missed?: () => void }>();
  return {
    deliver(event: RunEvent) {
      for (const { listener } of [...subscribers]) {
        try {
          const pending = listener(event);
          if (pending && typeof pending.then === 'function') pending.then(undefined, (e) => onListenerError(e, event));
        } catch (e) {
          onListenerError(e, event);
        }
      }
    },
    missed() {
      for (const { missed } of [...subscribers]) missed?.();
    },
    subscribe(listener: RunEventListener, missed?: () => void) {
      const s = { listener, missed };
      subscribers.add(s);
      return () => void subscribers.delete(s);
    },
    get size() {
      return subscribers.size;
    },
  };
}

export function inProcessRunEvents(onListenerError: (error: unknown, event: RunEvent) => void = () => {}): RunEvents {
  const local = localSubscribers(onListenerError);
  return {
    beforeCommit: async () => {},
    publish(events) {
      for (const event of events) local.deliver(event);
    },
    subscribe: (listener, missed) => local.subscribe(listener, missed),
  };
}
