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
});
