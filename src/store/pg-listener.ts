/**
 * The one connection per process that LISTENs on PostgreSQL, shared by every channel that needs to hear
 * other processes (revocation-watch.ts, the run events of ingest/shared-run-events.ts). A pooled
 * connection cannot listen (it goes back to the pool), and one connection per feature would add up over
 * the nodes.
 *
 * It connects at the first `listen` and reconnects by itself, waiting longer after each failure. Each time
 * a channel's LISTEN takes effect (at first, and after every reconnect) its listeners hear `listening()`:
 * whatever was sent while nobody listened is lost, and they decide what that means for them.
 */
import pg from 'pg';

export interface ChannelListener {
  /** A notification's payload ('' when it had none). */
  notified(payload: string): void;
  /** The channel is heard from now on; anything sent before may have been missed. */
  listening(): void;
}

export interface PgListener {
  /** Returns the function that stops this listener (the connection stays for the others). */
  listen(channel: string, listener: ChannelListener): () => void;
  /** True while `channel`'s LISTEN is in effect. */
  live(channel: string): boolean;
  close(): Promise<void>;
}

/** The connection's name in pg_stat_activity, so operators (and tests) can tell it apart. */
export const LISTENER_APPLICATION_NAME = 'verdict listener';

export function pgListener(connectionString: string): PgListener {
  const channels = new Map<string, Set<ChannelListener>>();
  const active = new Set<string>();
  let client: pg.Client | undefined;
  /** `client` once connected: new channels LISTEN on it at once. */
  let connected: pg.Client | undefined;
  let closed = false;
  let retryMs = 500;
  let timer: NodeJS.Timeout | undefined;

  // A throwing listener must neither stop the others nor reach the client's event emitter (that would end the process).
  const each = (channel: string, call: (l: ChannelListener) => void) => {
    for (const l of [...(channels.get(channel) ?? [])]) {
      try {
        call(l);
      } catch {
        // the listener's own business
      }
    }
  };

  const activate = async (c: pg.Client, channel: string) => {
    await c.query(`listen ${c.escapeIdentifier(channel)}`);
    if (connected !== c || active.has(channel)) return;
    active.add(channel);
    each(channel, (l) => l.listening());
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString, connectionTimeoutMillis: 3000, application_name: LISTENER_APPLICATION_NAME });
    c.on('notification', (m) => each(m.channel, (l) => l.notified(m.payload ?? '')));
    const lost = () => {
      if (client !== c) return;
      client = connected = undefined;
      active.clear();
      void c.end().catch(() => {});
      if (!closed) {
        timer = setTimeout(() => {
          timer = undefined;
          void connect();
        }, retryMs).unref();
      }
      retryMs = Math.min(retryMs * 2, 30_000);
    };
    c.on('error', lost);
    c.on('end', lost);
    client = c;
    try {
      await c.connect();
      if (client !== c) return void (await c.end().catch(() => {}));
      // The channels known now; one added from here on LISTENs by itself (`listen` below).
      connected = c;
      for (const channel of [...channels.keys()]) await activate(c, channel);
      retryMs = 500;
    } catch {
      lost();
    }
  };

  return {
    listen(channel, listener) {
      const known = channels.get(channel);
      channels.set(channel, (known ?? new Set()).add(listener));
      if (closed) return () => {};
      if (!client && !timer) void connect();
      else if (!known && connected) void activate(connected, channel).catch(() => {}); // a failure is the connection's: `lost` reconnects
      else if (active.has(channel)) listener.listening();
      return () => void channels.get(channel)?.delete(listener);
    },
    live: (channel) => active.has(channel),
    async close() {
      closed = true;
      clearTimeout(timer);
      const c = client;
      client = connected = undefined;
      active.clear();
      await c?.end().catch(() => {});
    },
  };
}
