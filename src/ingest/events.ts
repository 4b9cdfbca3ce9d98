/**
 * Run events: what the ingest writer announces after each commit, from one place (ingest-service.ts).
 * Webhooks, the live view and retention subscribe; they never poll the tables.
 *
 * The in-process implementation calls subscribers synchronously after the commit; a subscriber's error
 * is reported, never thrown back into the write that is already stored. A multi-node setup backs the
 * same interface with PostgreSQL LISTEN/NOTIFY, so a node hears of runs written by another.
 */
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
  publish(events: readonly RunEvent[]): void;
  /** Returns the function that unsubscribes. */
  subscribe(listener: RunEventListener): () => void;
}

export function inProcessRunEvents(onListenerError: (error: unknown, event: RunEvent) => void = () => {}): RunEvents {
  const listeners = new Set<RunEventListener>();
  return {
    publish(events) {
      for (const event of events) {
        for (const listener of listeners) {
          try {
            const pending = listener(event);
            if (pending && typeof pending.then === 'function') pending.then(undefined, (e) => onListenerError(e, event));
          } catch (e) {
            onListenerError(e, event);
          }
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
