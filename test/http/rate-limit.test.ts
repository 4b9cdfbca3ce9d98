import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { readConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { tokenBuckets } from '../../src/http/rate-limit.js';
import { freshStore } from '../helpers/databases.js';

describe('rate limiting', () => {
  let now = Date.parse('2026-11-28T12:00:00Z');
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let key: string;
  beforeAll(async () => {
    store = await freshStore('sqlite');
    app = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, publicUrl: 'http://t', logLevel: 'silent', rateLimitPerMinute: 3 }, clock: () => now, logger: false });
    key = (await createApiKey(store, 'acme', 'ci', now)).key;
  });
  afterAll(async () => {
    await app.close();
    await store.drop();
  });

  it('answers 429 with Retry-After and the JSON error body past the rate, per key, and lets the key in again as the rate allows', async () => {
    const get = (k: string) => app.inject({ method: 'GET', url: '/api/v3/test_runs/1', headers: { authorization: `Bearer ${k}` } });
    // A minute's worth at once is absorbed...
    for (let i = 0; i < 3; i++) expect((await get(key)).statusCode).toBe(404);
    const limited = await get(key);
    expect(limited.statusCode).toBe(429);
    // ...then one request every 20 s (3 a minute): the next in 20 s.
    expect(limited.headers['retry-after']).toBe('20');
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', error: expect.stringContaining('3 a minute') });
    // Another key has its own bucket.
    const other = (await createApiKey(store, 'acme', 'other', now)).key;
    expect((await get(other)).statusCode).toBe(404);
    now += 20_000;
    expect((await get(key)).statusCode).toBe(404);
    expect((await get(key)).statusCode).toBe(429);
    // A client at the rate is never refused.
    for (let i = 0; i < 10; i++) {
      now += 20_000;
      expect((await get(key)).statusCode).toBe(404);
    }
  });

  it('counts failed authentications per client address: past the limit every request from it is 429, even with a fresh guess', async () => {
    const guarded = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, publicUrl: 'http://t', logLevel: 'silent', authFailuresPerMinute: 5 }, clock: () => now, logger: false });
    const get = (k: string, ip = '10.0.0.7') => guarded.inject({ method: 'GET', url: '/api/v3/test_runs/1', remoteAddress: ip, headers: { authorization: `Bearer ${k}` } });
    for (let i = 0; i < 5; i++) expect((await get(`guess-${i}`)).statusCode).toBe(401);
    expect((await get('guess-5')).statusCode).toBe(401); // the sixth failure is counted...
    const blocked = await get('guess-6'); // ...and from then on the address waits, whatever it presents
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ code: 'RATE_LIMITED', error: expect.stringContaining('failed authentications') });
    expect((await get(key)).statusCode).toBe(429);
    expect((await get(key, '10.0.0.8')).statusCode).toBe(404); // another address is not affected
    now += 61_000;
    expect((await get(key)).statusCode).toBe(404);
    await guarded.close();
  });

  it('at the default rate, an agent sending 5 requests a test at 50 tests a second for 3 minutes is never refused; a loop at 2,000 a second is, after its minute of burst', () => {
    let t = 0;
    const buckets = tokenBuckets(readConfig({}).rateLimitPerMinute, () => t);
    let refused = 0;
    for (; t < 180_000; t += 4) if (buckets.take('agent') !== undefined) refused++; // 250 a second
    expect(refused).toBe(0);
    let firstRefusal: number | undefined;
    for (t = 0; t < 180_000; t += 0.5) if (buckets.take('runaway') !== undefined) firstRefusal ??= t;
    // 60,000 in the bucket, drained at 2,000 - 1,000 a second: about 60 s.
    expect(firstRefusal! / 1000).toBeGreaterThan(55);
    expect(firstRefusal! / 1000).toBeLessThan(65);
  });
});
