/**
 * GET /api/v3/events on a listening server: run events arrive as server-sent events scoped to the
 * workspace (or one run), heartbeats keep the stream open past the idle timeout, a reconnect with
 * Last-Event-ID gets what it missed, a run's stream ends with the run, and a signed-out session's stream ends.
 * On PostgreSQL, also across two nodes on one database: what is written through one reaches the other's
 * streams, once each.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { buildApp } from '../../src/http/app.js';
import { openStore, type Store } from '../../src/store/dialect.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { LISTENER_APPLICATION_NAME } from '../../src/store/pg-listener.js';
import { RUN_EVENT_CHANNEL } from '../../src/store/run-event-notices.js';
import { DATABASES, freshStore } from '../helpers/databases.js';
import { createScratchDatabase } from '../helpers/scratch-database.js';

interface Frame {
  id?: string;
  event?: string;
  data?: unknown;
}

/** Reads a stream as it arrives: its frames, its heartbeat comments, and when it ended. */
async function openStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const frames: Frame[] = [];
  let heartbeats = 0;
  let ended = false;
  const done = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let text = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true });
        let at: number;
        while ((at = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, at);
          text = text.slice(at + 2);
          if (block.startsWith(': heartbeat')) heartbeats++;
          const frame: Frame = {};
          for (const line of block.split('\n')) {
            const [field, ...rest] = line.split(': ');
            if (field === 'id') frame.id = rest.join(': ');
            if (field === 'event') frame.event = rest.join(': ');
            if (field === 'data') frame.data = JSON.parse(rest.join(': '));
          }
          if (frame.event) frames.push(frame);
        }
      }
    } catch {
      // aborted by the test
    }
    ended = true;
  })();
  const waitFor = async (what: string, check: () => boolean, ms = 5000) => {
    const until = Date.now() + ms;
    while (!check()) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; frames: ${JSON.stringify(frames)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    res,
    frames,
    get heartbeats() {
      return heartbeats;
    },
    get ended() {
      return ended;
    },
    waitFor,
    events: (kind: string) => frames.filter((f) => f.event === kind),
    close: async () => {
      controller.abort();
      await done;
    },
  };
}

const until = async (what: () => boolean, ms = 5000) => {
  for (const start = Date.now(); !what(); ) {
    if (Date.now() - start > ms) throw new Error('waited in vain');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** A listening server on `store`, streams' heartbeat shortened; on PostgreSQL, once it hears run events. */
async function listeningApp(store: Store) {
  const app = await buildApp({
    store,
    config: { bodyLimitBytes: 1 << 20, publicUrl: 'http://verdict.test', logLevel: 'silent', timeouts: { idleMs: 600, requestMs: 600_000, headersMs: 20_000 } },
    clock: Date.now,
    logger: false,
    streams: { heartbeatMs: 150, buffered: 50 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  // Until then a stream would get a second `ready` when the listener goes live (what came before is missed).
  await until(() => store.listener?.live(RUN_EVENT_CHANNEL) ?? true);
  const address = app.server.address();
  return { app, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}

const postTo = (base: string, path: string, body: unknown, headers: Record<string, string>) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
const batch = (n: number) => ({ machines: [{ key: 'm' }], suites: [{ key: 's', machineKey: 'm', name: 'Suite' }], cases: [{ key: `c${n}`, suiteKey: 's', name: `case ${n}`, result: 'PASSED' }] });
const runEventsOf = (frames: Frame[]) => frames.filter((f) => f.event !== 'ready').map((f) => [f.event, (f.data as { runId: number }).runId]);

describe.each(DATABASES)('run events as server-sent events on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let auth: Record<string, string>;
  let otherAuth: Record<string, string>;
  const post = (path: string, body: unknown, headers = auth) => postTo(base, path, body, headers);
  const openLive = async (key: string, headers = auth) => (await post('/api/v3/live/test_runs', { testPlan: 'Live', key }, headers)).body.id as number;

  beforeAll(async () => {
    store = await freshStore(kind);
    auth = { authorization: `Bearer ${(await createApiKey(store, 'acme', 'ui', Date.now())).key}` };
    otherAuth = { authorization: `Bearer ${(await createApiKey(store, 'globex', 'ui', Date.now())).key}` };
    ({ app, base } = await listeningApp(store));
  });
  afterAll(async () => {
    await app.close();
    await store.drop();
  });

  it("streams the workspace's run events as they are committed, and none of another workspace's", async () => {
    const stream = await openStream(`${base}/api/v3/events`, auth);
    expect(stream.res.status).toBe(200);
    expect(stream.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.res.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.res.headers.get('cache-control')).toContain('no-cache');
    await stream.waitFor('ready', () => stream.events('ready').length === 1);
    expect(stream.events('ready')[0]!.data).toEqual({ resumed: false });

    await openLive('other', otherAuth);
    const runId = await openLive('mine');
    await post(`/api/v3/live/test_runs/${runId}/results`, batch(1));
    await stream.waitFor('the batch', () => stream.events('run.updated').length >= 2);
    expect(runEventsOf(stream.frames)).toEqual([
      ['run.created', runId],
      ['run.updated', runId],
      ['run.updated', runId],
    ]);
    await stream.close();
  });

  it('sends a heartbeat comment often enough that the idle timeout never closes the stream', async () => {
    const stream = await openStream(`${base}/api/v3/events`, auth);
    await new Promise((r) => setTimeout(r, 1500)); // 2.5 idle timeouts
    expect(stream.ended).toBe(false);
    expect(stream.heartbeats).toBeGreaterThanOrEqual(3);
    const runId = await openLive('after-a-while');
    await stream.waitFor('an event after the wait', () => stream.events('run.created').some((f) => (f.data as { runId: number }).runId === runId));
    await stream.close();
  });

  it("a run's stream carries only that run and ends after it finishes; a finished run's stream says so at once", async () => {
    const runId = await openLive('finishing');
    const other = await openLive('bystander');
    const stream = await openStream(`${base}/api/v3/events?run=${runId}`, auth);
    await stream.waitFor('ready', () => stream.events('ready').length === 1);
    await post(`/api/v3/live/test_runs/${other}/results`, batch(1));
    await post(`/api/v3/live/test_runs/${runId}/results`, batch(2));
    await post(`/api/v3/live/test_runs/${runId}/finish`, {});
    await stream.waitFor('the end', () => stream.ended);
    expect(stream.frames.filter((f) => f.event !== 'ready').map((f) => f.event)).toEqual(['run.updated', 'run.finished']);

    const again = await openStream(`${base}/api/v3/events?run=${runId}`, auth);
    await again.waitFor('the end', () => again.ended);
    expect(again.frames.map((f) => f.event)).toEqual(['run.finished']);
  });

  it('a reconnect with Last-Event-ID gets the events it missed; an id the server cannot resume from asks for a fresh snapshot', async () => {
    const first = await openStream(`${base}/api/v3/events`, auth);
    await first.waitFor('ready', () => first.events('ready').length === 1);
    const lastId = first.events('ready')[0]!.id!;
    await first.close();
    // On PostgreSQL the hub hears the run's events when their notifications arrive: wait for them.
    const watcher = await openStream(`${base}/api/v3/events`, auth);
    const runId = await openLive('while-away');
    await watcher.waitFor('the run', () => watcher.events('run.updated').some((f) => (f.data as { runId: number }).runId === runId));
    await watcher.close();
    const back = await openStream(`${base}/api/v3/events`, { ...auth, 'last-event-id': lastId });
    await back.waitFor('ready', () => back.events('ready').length === 1);
    expect(back.frames.map((f) => f.event)).toEqual(['run.created', 'run.updated', 'ready']);
    expect(back.frames[0]!.data).toMatchObject({ runId });
    expect(back.events('ready')[0]!.data).toEqual({ resumed: true });
    await back.close();

    const stale = await openStream(`${base}/api/v3/events`, { ...auth, 'last-event-id': 'deadbeef-3' });
    await stale.waitFor('ready', () => stale.events('ready').length === 1);
    expect(stale.frames.map((f) => [f.event, f.data])).toEqual([['ready', { resumed: false }]]);
    await stale.close();
  });

  it("signing out ends the session's stream at the next heartbeat", async () => {
    const signIn = await fetch(`${base}/api/v3/sessions`, { method: 'POST', headers: auth });
    const cookie = String(signIn.headers.get('set-cookie')).split(';')[0]!;
    const stream = await openStream(`${base}/api/v3/events`, { cookie });
    await stream.waitFor('ready', () => stream.events('ready').length === 1);
    const out = await fetch(`${base}/api/v3/sessions/current`, { method: 'DELETE', headers: { cookie, 'x-verdict-request': '1' } });
    expect(out.status).toBe(204);
    await stream.waitFor('the end', () => stream.ended, 3000);
  });

  it("is a 401 without credentials and a 404 for another workspace's run", async () => {
    expect((await fetch(`${base}/api/v3/events`)).status).toBe(401);
    const theirs = await openLive('theirs', otherAuth);
    const res = await fetch(`${base}/api/v3/events?run=${theirs}`, { headers: auth });
    expect(res.status).toBe(404);
  });
});

describe.runIf(DATABASES.includes('postgres' as never))('run events across two nodes on one PostgreSQL database', () => {
  // Each node its own store (pool and listening connection), as two processes behind a load balancer.
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  const nodes: { store: Store; app: Awaited<ReturnType<typeof buildApp>>; base: string }[] = [];
  let auth: Record<string, string>;
  const a = () => nodes[0]!.base;
  const b = () => nodes[1]!.base;
  const openLiveOn = async (base: string, key: string) => (await postTo(base, '/api/v3/live/test_runs', { testPlan: 'Live', key }, auth)).body.id as number;

  beforeAll(async () => {
    scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!, 'verdict_test');
    for (let i = 0; i < 2; i++) {
      const store = openStore({ databaseUrl: scratch.url });
      if (i === 0) await migrateToLatest(store);
      nodes.push({ store, ...(await listeningApp(store)) });
    }
    auth = { authorization: `Bearer ${(await createApiKey(nodes[0]!.store, 'acme', 'ui', Date.now())).key}` };
  });
  afterAll(async () => {
    for (const { app, store } of nodes) {
      await app.close();
      await store.close();
    }
    await scratch.drop();
  });

  it("results posted through node B reach node A's stream once each, in the order B's stream has them", async () => {
    const onA = await openStream(`${a()}/api/v3/events`, auth);
    const onB = await openStream(`${b()}/api/v3/events`, auth);
    await onA.waitFor('ready', () => onA.events('ready').length === 1);
    await onB.waitFor('ready', () => onB.events('ready').length === 1);

    const runId = await openLiveOn(b(), 'across');
    for (const n of [1, 2]) expect((await postTo(b(), `/api/v3/live/test_runs/${runId}/results`, batch(n), auth)).status).toBe(200);
    expect((await postTo(b(), `/api/v3/live/test_runs/${runId}/finish`, {}, auth)).status).toBe(200);
    // A later run's event, after which nothing of the first may still come (notifications arrive in commit order).
    const marker = await openLiveOn(b(), 'marker');
    for (const s of [onA, onB]) await s.waitFor('the marker', () => s.events('run.created').some((f) => (f.data as { runId: number }).runId === marker));

    const expected = [['run.created', runId], ['run.updated', runId], ['run.updated', runId], ['run.updated', runId], ['run.finished', runId], ['run.created', marker], ['run.updated', marker]];
    await onA.waitFor('the marker\'s update', () => runEventsOf(onA.frames).length >= expected.length);
    await onB.waitFor('the marker\'s update', () => runEventsOf(onB.frames).length >= expected.length);
    expect(runEventsOf(onA.frames)).toEqual(expected);
    expect(runEventsOf(onB.frames)).toEqual(expected); // the writer's own node: once, not also in process
    await onA.close();
    await onB.close();
  });

  it("a run finished through node B ends node A's stream of that run", async () => {
    const runId = await openLiveOn(b(), 'finishing');
    const onA = await openStream(`${a()}/api/v3/events?run=${runId}`, auth);
    await onA.waitFor('ready', () => onA.events('ready').length === 1);
    await postTo(b(), `/api/v3/live/test_runs/${runId}/results`, batch(1), auth);
    await postTo(b(), `/api/v3/live/test_runs/${runId}/finish`, {}, auth);
    await onA.waitFor('the end', () => onA.ended);
    expect(onA.frames.filter((f) => f.event !== 'ready').map((f) => f.event)).toEqual(['run.updated', 'run.finished']);
  });

  it("a reconnect that lands on the other node cannot resume there, and asks for a fresh snapshot", async () => {
    const onA = await openStream(`${a()}/api/v3/events`, auth);
    await onA.waitFor('ready', () => onA.events('ready').length === 1);
    await onA.close();
    const onB = await openStream(`${b()}/api/v3/events`, { ...auth, 'last-event-id': onA.events('ready')[0]!.id! });
    await onB.waitFor('ready', () => onB.events('ready').length === 1);
    expect(onB.events('ready')[0]!.data).toEqual({ resumed: false });
    await onB.close();
  });

  it('when the listening connections come back, open streams are told to refetch, and events flow again', async () => {
    const onA = await openStream(`${a()}/api/v3/events`, auth);
    await onA.waitFor('ready', () => onA.events('ready').length === 1);
    // Cut both nodes' listening connections, as a database restart would.
    await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${LISTENER_APPLICATION_NAME} and datname = current_database()`.execute(nodes[1]!.store.db);
    await onA.waitFor('a second ready', () => onA.events('ready').length === 2, 10_000);
    expect(onA.events('ready')[1]!.data).toEqual({ resumed: false });
    await until(() => nodes.every((n) => n.store.listener!.live(RUN_EVENT_CHANNEL)), 10_000);
    const runId = await openLiveOn(b(), 'after-the-cut');
    await onA.waitFor('the run', () => onA.events('run.created').some((f) => (f.data as { runId: number }).runId === runId));
    await onA.close();
  });
});
