/**
 * Run events on PostgreSQL, heard by every node sharing the database. Each event is sent with NOTIFY in
 * the writing transaction (store/run-event-notices.ts) and reaches this node's subscribers only when its
 * notification arrives on the listening connection (store/pg-listener.ts), the writer's own included:
 * one path for every event, so each node delivers each event once, and all nodes in commit order. The
 * price is a round trip to the database before the writer's own node hears it.
 *
 * While that connection is down nothing arrives; when it is back, subscribers hear `missed()`.
 */
import type { Store } from '../store/dialect.js';
import type { PgListener } from '../store/pg-listener.js';
import { notifyRunEvents, RUN_EVENT_CHANNEL } from '../store/run-event-notices.js';
import { inProcessRunEvents, localSubscribers, RUN_EVENT_KINDS, type RunEvent, type RunEvents } from './events.js';

type ErrorReport = (error: unknown, event: RunEvent) => void;

/** The store's kind decides: through PostgreSQL when it has a listener, else in this process (SQLite). */
export function runEventsFor(store: Store, onListenerError: ErrorReport = () => {}): RunEvents {
  return store.listener ? sharedRunEvents(store.listener, onListenerError) : inProcessRunEvents(onListenerError);
}

export function sharedRunEvents(pg: PgListener, onListenerError: ErrorReport = () => {}): RunEvents {
  const local = localSubscribers(onListenerError);
  let stop: (() => void) | undefined;
  return {
    beforeCommit: (db, events) => notifyRunEvents(db, events.map(encodeRunEvent)),
    // Delivered when the notification comes back, like every other node's.
    publish: () => {},
    subscribe(listener, missed) {
      const off = local.subscribe(listener, missed);
      stop ??= pg.listen(RUN_EVENT_CHANNEL, {
        notified(payload) {
          const event = decodeRunEvent(payload);
          if (event) local.deliver(event);
        },
        listening: () => local.missed(),
      });
      return () => {
        off();
        if (local.size === 0) {
          stop?.();
          stop = undefined;
        }
      };
    },
  };
}

/** Ids, kind and time only (under 100 bytes, far from NOTIFY's 8000): receivers read the rest through the API. */
export const encodeRunEvent = (e: RunEvent): string => JSON.stringify({ kind: e.kind, workspaceId: e.workspaceId, runId: e.runId, at: e.at });

/** Anyone who may connect can NOTIFY: a payload that is not a run event is dropped. */
export function decodeRunEvent(payload: string): RunEvent | undefined {
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const { kind, workspaceId, runId, at } = v as Record<string, unknown>;
  const ok = RUN_EVENT_KINDS.includes(kind as RunEvent['kind']) && [workspaceId, runId, at].every((n) => Number.isSafeInteger(n));
  return ok ? { kind: kind as RunEvent['kind'], workspaceId: workspaceId as number, runId: runId as number, at: at as number } : undefined;
}
