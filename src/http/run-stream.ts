/**
 * Run events to browsers as server-sent events (GET /api/v3/events, routes/event-routes.ts). The hub
 * subscribes once to the ingest's run events and fans each out to the open streams of its workspace
 * (and run, for a run's page). What a stream sends:
 *
 *   retry: 3000                                   reconnect after 3 s (EventSource does it by itself)
 *   id: <boot>-<n>  event: ready   data: {"resumed": false}   on connect: refetch your snapshot now
 *   id: <boot>-<n>  event: run.updated  data: {"kind","runId","at"}   after each committed batch (also run.created, run.finished)
 *   : heartbeat                                   every ~15 s, so proxies and the idle timeout keep it open
 *
 * The hub hears every run event of the database: on PostgreSQL those written through other nodes too
 * (ingest/shared-run-events.ts), numbered here in the order they arrive.
 *
 * A reconnect sends `Last-Event-ID`; while those events are still in the hub's buffer (the last 1,000, this
 * process only: `<boot>` changes on restart, and another node behind the load balancer has its own) the
 * missed ones are replayed and `ready` says `resumed: true`, otherwise the client refetches. When events
 * may have been lost (PostgreSQL's listening connection came back), the buffer is dropped and every open
 * stream gets `ready` with `resumed: false`: refetch. A run's stream ends after its `run.finished`. Events
 * carry ids only: the client reads what changed through the API, with the same scoping as every other read.
 */
import { randomBytes } from 'node:crypto';
import type { RunEvent, RunEvents } from '../ingest/index.js';

export interface StreamOptions {
  heartbeatMs: number;
  /** Events kept for replay after a reconnect. */
  buffered: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamOptions = { heartbeatMs: 15_000, buffered: 1000 };

/** Where a stream's frames go: the HTTP response, or a test's array. */
export interface StreamSink {
  write(frame: string): void;
  end(): void;
}

interface Subscriber {
  workspaceId: number;
  runId?: number;
  sink: StreamSink;
  /** Asked at each heartbeat: the session or key may have ended meanwhile. */
  stillAllowed: () => Promise<boolean>;
}

const frame = (id: string, event: string, data: unknown) => `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export function runStreamHub(events: RunEvents, options: StreamOptions = DEFAULT_STREAM_OPTIONS) {
  const boot = randomBytes(4).toString('hex');
  let seq = 0;
  const buffer: { seq: number; event: RunEvent }[] = [];
  const subscribers = new Set<Subscriber>();
  const idOf = (n: number) => `${boot}-${n}`;
  const wants = (s: Subscriber, e: RunEvent) => s.workspaceId === e.workspaceId && (s.runId === undefined || s.runId === e.runId);
  const close = (s: Subscriber) => {
    if (subscribers.delete(s)) s.sink.end();
  };
  const deliver = (s: Subscriber, n: number, e: RunEvent) => {
    s.sink.write(frame(idOf(n), e.kind, { kind: e.kind, runId: e.runId, at: e.at }));
    if (s.runId !== undefined && e.kind === 'run.finished') close(s);
  };

  const unsubscribe = events.subscribe(
    (event) => {
      const n = ++seq;
      buffer.push({ seq: n, event });
      if (buffer.length > options.buffered) buffer.shift();
      for (const s of [...subscribers]) if (wants(s, event)) deliver(s, n, event);
    },
    () => {
      // A gap: no id from before it can be resumed (an empty buffer resumes only `seq` itself).
      buffer.length = 0;
      const n = ++seq;
      for (const s of [...subscribers]) s.sink.write(frame(idOf(n), 'ready', { resumed: false }));
    },
  );

  const heartbeat = setInterval(() => {
    for (const s of [...subscribers]) {
      s.sink.write(': heartbeat\n\n');
      s.stillAllowed().then(
        (ok) => ok || close(s),
        () => undefined,
      );
    }
  }, options.heartbeatMs);
  heartbeat.unref();

  return {
    /** Streams run events to `sink` until `close()` is called or the run finishes; returns the closer. */
    open(sub: Subscriber, lastEventId: string | undefined): () => void {
      const s: Subscriber = { ...sub };
      s.sink.write('retry: 3000\n\n');
      const from = lastEventId?.startsWith(`${boot}-`) ? Number(lastEventId.slice(boot.length + 1)) : NaN;
      // Replayable when nothing after `from` has left the buffer.
      const resumed = Number.isInteger(from) && from <= seq && (buffer.length === 0 ? from === seq : buffer[0]!.seq <= from + 1);
      subscribers.add(s);
      if (resumed) for (const { seq: n, event } of buffer) if (n > from && wants(s, event) && subscribers.has(s)) deliver(s, n, event);
      if (subscribers.has(s)) s.sink.write(frame(idOf(seq), 'ready', { resumed }));
      return () => close(s);
    },
    /** A run that already finished: say so once and end, so the client stops. */
    finished(sink: StreamSink, runId: number, at: number): void {
      sink.write(frame(idOf(seq), 'run.finished', { kind: 'run.finished', runId, at }));
      sink.end();
    },
    get openStreams() {
      return subscribers.size;
    },
    /** Ends every stream (the server is closing) and stops listening. */
    shutdown(): void {
      clearInterval(heartbeat);
      unsubscribe();
      for (const s of [...subscribers]) close(s);
    },
  };
}

export type RunStreamHub = ReturnType<typeof runStreamHub>;
