/**
 * The fair share per client (http/fair-share.ts) and what it is for: a reporting agent that fires a
 * thousand requests at once with one key, as ReportPortal's agents do, is served in full at the default
 * limits (slowed to the server's pace, never refused), and another key is served meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { readConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { fairShare } from '../../src/http/fair-share.js';
import { freshStore } from '../helpers/databases.js';

describe('fairShare', () => {
  it('works on at most N of a client at once, the rest in order as turns free; other clients apart; refuses past the waiting room', async () => {
    const share = fairShare(2, 3);
    const order: string[] = [];
    const a1 = await share.acquire('a')!;
    const a2 = await share.acquire('a')!;
    const waiting = ['a3', 'a4', 'a5'].map((name) => share.acquire('a')!.then((release) => (order.push(name), release)));
    expect(share.acquire('a')).toBeUndefined();
    expect(share.load()).toEqual({ active: 2, waiting: 3 });
    const b1 = await share.acquire('b')!; // another client is not behind a's line
    expect(share.load()).toEqual({ active: 3, waiting: 3 });
    a1();
    a1(); // a second release of the same turn frees nothing more
    await Promise.resolve();
    expect(order).toEqual(['a3']);
    a2();
    const [a3, a4] = await Promise.all(waiting.slice(0, 2));
    expect(order).toEqual(['a3', 'a4']);
    a3!();
    const a5 = await waiting[2]!;
    expect(order).toEqual(['a3', 'a4', 'a5']);
    for (const release of [a4!, a5!, b1]) release();
    expect(share.load()).toEqual({ active: 0, waiting: 0 });
  });
});

describe('an agent bursting with one key, at the default limits', () => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    store = await freshStore('sqlite');
    const { rateLimitPerMinute, concurrencyPerKey, authFailuresPerMinute } = readConfig({});
    app = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, publicUrl: 'http://t', logLevel: 'silent', rateLimitPerMinute, concurrencyPerKey, authFailuresPerMinute }, clock: Date.now, logger: false });
  });
  afterAll(async () => {
    await app.close();
    await store.drop();
  });

  it('2,000 requests at once, five per test of a 400-test run, are all answered; another key is answered meanwhile', async () => {
    const agent = { authorization: `Bearer ${(await createApiKey(store, 'acme', 'agent', Date.now())).key}` };
    const person = { authorization: `Bearer ${(await createApiKey(store, 'acme', 'person', Date.now())).key}` };
    const { id } = (await app.inject({ method: 'POST', url: '/api/v3/live/test_runs', headers: agent, payload: { testPlan: 'Burst', key: 'burst' } })).json();
    const burst = Array.from({ length: 2000 }, (_, i) =>
      i % 5 === 0
        ? app.inject({ method: 'POST', url: `/api/v3/live/test_runs/${id}/results`, headers: agent, payload: { machines: [{ key: 'm' }], suites: [{ key: 's', machineKey: 'm', name: 'S' }], cases: [{ key: `c${i}`, suiteKey: 's', name: `test ${i}`, state: 'FINISHED', result: 'SUCCESS' }] } })
        : app.inject({ method: 'GET', url: `/api/v3/test_runs/${id}`, headers: agent }),
    );
    const meanwhile = await app.inject({ method: 'GET', url: `/api/v3/test_runs/${id}`, headers: person });
    expect(meanwhile.statusCode).toBe(200);
    const statuses = (await Promise.all(burst)).map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([200]));
    const run = (await app.inject({ method: 'GET', url: `/api/v3/test_runs/${id}`, headers: person })).json();
    expect(run.metrics.totalCount).toBe(400);
    expect(run.metrics.passedCount).toBe(400);
  });
});
