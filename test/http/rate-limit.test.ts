import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { buildApp } from '../../src/http/app.js';
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

  it('answers 429 with Retry-After and the JSON error body past the limit, per key, and lets the key in again after the window', async () => {
    const get = (k: string) => app.inject({ method: 'GET', url: '/api/v3/test_runs/1', headers: { authorization: `Bearer ${k}` } });
    for (let i = 0; i < 3; i++) expect((await get(key)).statusCode).toBe(404);
    const limited = await get(key);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('60');
    expect(limited.json()).toMatchObject({ code: 'RATE_LIMITED', error: expect.stringContaining('3 a minute') });
    // Another key has its own window.
    const other = (await createApiKey(store, 'acme', 'other', now)).key;
    expect((await get(other)).statusCode).toBe(404);
    now += 61_000;
    expect((await get(key)).statusCode).toBe(404);
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
});
