/**
 * Webhooks, on both databases: a receiver on loopback gets a correctly signed delivery of a finished run;
 * a receiver that is down gets it once it is back (tried again with backoff, the clock advanced); a
 * delivery queued before a restart is sent by the next process; the secret is shown once and kept sealed.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { secretBox, type SecretBox } from '../../src/auth/secret-box.js';
import { buildApp } from '../../src/http/app.js';
import { DATABASES, freshStore } from '../helpers/databases.js';
import { NOW } from '../helpers/app.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A webhook receiver on loopback that answers `status()` and keeps what it got. */
async function receiver(status: () => number) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(status()).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  return { got, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe.each(DATABASES)('webhooks on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let now: number;
  let key: string;
  const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
  let passes: Map<string, () => Promise<void>>;
  // One key for every process of a test, as a configured VERDICT_SECRET_KEY would be.
  const sharedSecrets: SecretBox = secretBox(() => Buffer.alloc(32, 7));

  /** A server process on the store; its jobs run only when the test calls `dispatch()`. */
  async function start() {
    passes = new Map();
    const app = await buildApp({
      store,
      config: { bodyLimitBytes: 10 << 20, publicUrl: 'http://verdict.test', logLevel: 'silent' },
      clock: () => now,
      logger: false,
      secrets: sharedSecrets,
      schedule: (pass, _every, name) => (passes.set(name, pass), () => passes.delete(name)),
    });
    await app.ready();
    apps.push(app);
    return app;
  }
  const dispatch = () => passes.get('webhook dispatch')!();
  const headers = () => ({ authorization: `Bearer ${key}` });

  beforeEach(async () => {
    now = NOW;
    store = await freshStore(kind);
    key = (await createApiKey(store, 'acme', 'ci', NOW)).key;
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await store.drop();
  });

  const finishRun = (app: Awaited<ReturnType<typeof buildApp>>, failing: boolean) =>
    app.inject({
      method: 'POST',
      url: '/api/v3/test_runs',
      headers: headers(),
      payload: { testPlan: 'Shop', buildNo: '42', machines: [{ deviceConfiguration: { title: 'Linux' }, suites: [{ name: 'Cart', cases: [{ name: 'adds', result: 'PASSED' }, { name: 'totals', result: failing ? 'FAILED' : 'PASSED', message: 'expected 3 got 4' }] }] }] },
    });

  it('a finished run reaches a receiver on loopback, signed with the secret shown once', async () => {
    const app = await start();
    const hook = await receiver(() => 204);
    const created = await app.inject({ method: 'POST', url: '/api/v3/webhooks', headers: headers(), payload: { url: hook.url, events: ['run.finished', 'run.failed', 'test.new_failure'] } });
    expect(created.statusCode).toBe(201);
    const { id, secret } = created.json();
    expect(secret).toMatch(/^[\w-]{32}$/);
    // Never shown again, and not stored as it is.
    expect(JSON.stringify((await app.inject({ method: 'GET', url: '/api/v3/webhooks', headers: headers() })).json())).not.toContain(secret);
    const stored = await store.db.selectFrom('webhooks').select('secret_sealed').executeTakeFirstOrThrow();
    expect(stored.secret_sealed).not.toContain(secret);

    // A good run, then one where a test fails that passed before: a new failure.
    await finishRun(app, false);
    await dispatch();
    const run = (await finishRun(app, true)).json();
    hook.got.length = 0;
    await dispatch();
    await hook.close();

    expect(hook.got.map((r) => r.headers['x-verdict-event']).sort()).toEqual(['run.failed', 'run.finished', 'test.new_failure']);
    for (const r of hook.got) expect(r.headers['x-verdict-signature']).toBe(`sha256=${createHmac('sha256', secret).update(r.body).digest('hex')}`);
    const finished = JSON.parse(hook.got.find((r) => r.headers['x-verdict-event'] === 'run.finished')!.body);
    expect(finished).toMatchObject({ event: 'run.finished', run: { id: run.id, planName: 'Shop', buildNo: '42', result: 'FAILURE', total: 2, failed: 1, url: `http://verdict.test/runs/${run.id}`, newFailures: [{ name: 'totals', message: 'expected 3 got 4' }] } });

    const log = (await app.inject({ method: 'GET', url: `/api/v3/webhooks/${id}/deliveries`, headers: headers() })).json();
    expect(log.content.map((d: { status: string; attempts: number; lastStatus: number }) => [d.status, d.attempts, d.lastStatus])).toEqual(Array(4).fill(['delivered', 1, 204]));
    // Delivered once: another pass sends nothing more.
    await dispatch();
    expect(hook.got).toHaveLength(3);
  });

  it('a receiver that is down gets the delivery after it is back, tried again with backoff; given up only after the last try', async () => {
    const app = await start();
    let answer = 503;
    const hook = await receiver(() => answer);
    const { id } = (await app.inject({ method: 'POST', url: '/api/v3/webhooks', headers: headers(), payload: { url: hook.url, events: ['run.finished'], format: 'slack', secret: 'a-secret-of-our-own-choosing' } })).json();
    await finishRun(app, false);
    await dispatch();
    const deliveries = async () => (await app.inject({ method: 'GET', url: `/api/v3/webhooks/${id}/deliveries`, headers: headers() })).json().content;
    expect(await deliveries()).toMatchObject([{ status: 'pending', attempts: 1, lastStatus: 503, lastError: 'the receiver answered HTTP 503', nextAttempt: new Date(now + 30_000).toISOString() }]);

    // Not before its time.
    await dispatch();
    expect(hook.got).toHaveLength(1);
    now += 30_000;
    answer = 200;
    await dispatch();
    expect(hook.got).toHaveLength(2);
    expect(JSON.parse(hook.got[1]!.body).text).toMatch(/^:white_check_mark: Passed: Shop run #\d+ \(build 42\): <http:\/\/verdict\.test\/runs\/\d+\|open>\n0 of 2 tests failed$/);
    expect(await deliveries()).toMatchObject([{ status: 'delivered', attempts: 2, lastStatus: 200, nextAttempt: null }]);
    await hook.close();

    // A receiver that is gone for good: refused connections are tried again, then given up and logged.
    await finishRun(app, false);
    for (let i = 0; i < 12; i++) {
      await dispatch();
      now += 3600_000;
    }
    const [gaveUp] = await deliveries();
    expect(gaveUp).toMatchObject({ status: 'failed', attempts: 12, lastStatus: null, nextAttempt: null });
    expect(gaveUp.lastError).toMatch(/ECONNREFUSED/);
  });

  it('a delivery queued before a restart is sent by the next process; the secret opens there too', async () => {
    const first = await start();
    const hook = await receiver(() => 200);
    const { secret } = (await first.inject({ method: 'POST', url: '/api/v3/webhooks', headers: headers(), payload: { url: hook.url, events: ['run.finished'] } })).json();
    await finishRun(first, false);
    // The process stops before its job ran: the finished run is in the outbox, nothing was sent.
    await first.close();
    expect(hook.got).toHaveLength(0);

    await start();
    await dispatch();
    await hook.close();
    expect(hook.got).toHaveLength(1);
    expect(hook.got[0]!.headers['x-verdict-signature']).toBe(`sha256=${createHmac('sha256', secret).update(hook.got[0]!.body).digest('hex')}`);
  });

  it('bad webhooks are 400 naming the field; an unknown one is 404; a removed one gets nothing more', async () => {
    const app = await start();
    const post = (payload: object) => app.inject({ method: 'POST', url: '/api/v3/webhooks', headers: headers(), payload });
    expect((await post({ url: 'ftp://example.com/x', events: ['run.finished'] })).json().error).toBe('url must be http or https');
    expect((await post({ url: 'not a url at all', events: ['run.finished'] })).statusCode).toBe(400);
    expect(JSON.stringify((await post({ url: 'https://example.com/x', events: ['run.exploded'] })).json())).toMatch(/events/);
    expect((await post({ url: 'https://example.com/x', events: [] })).statusCode).toBe(400);
    expect((await app.inject({ method: 'DELETE', url: '/api/v3/webhooks/99', headers: headers() })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/v3/webhooks/99/deliveries', headers: headers() })).statusCode).toBe(404);

    const hook = await receiver(() => 200);
    const { id } = (await post({ url: hook.url, events: ['run.finished'] })).json();
    expect((await app.inject({ method: 'DELETE', url: `/api/v3/webhooks/${id}`, headers: headers() })).statusCode).toBe(204);
    await finishRun(app, true);
    await dispatch();
    await hook.close();
    expect(hook.got).toHaveLength(0);
  });
});
