/**
 * Web UI sessions: a key starts one held in an HttpOnly, SameSite=Strict cookie; the cookie then stands in
 * for the key (writes only with the UI's header, never from another site); sign-out and key revocation end
 * it; it expires when idle and at its absolute end; the id is stored hashed and never logged.
 */
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { readConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { loggerOptions } from '../../src/http/logging.js';
import { revokeApiKey } from '../../src/store/workspace-repository.js';
import { DATABASES, freshStore } from '../helpers/databases.js';
import { NOW } from '../helpers/app.js';

const HOUR = 3_600_000;
const RUN = { testPlan: 'Checkout', machines: [{ suites: [{ name: 'Cart', cases: [{ name: 'add item', result: 'PASSED' }] }] }] };

describe.each(DATABASES)('sessions on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let key: string;
  let keyId: number;
  let now = NOW;
  const logs: string[] = [];

  beforeAll(async () => {
    store = await freshStore(kind);
    ({ key, id: keyId } = await createApiKey(store, 'acme', 'me', NOW));
    const stream = new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) });
    app = await buildApp({
      store,
      config: { bodyLimitBytes: 1 << 20, publicUrl: 'http://verdict.test', logLevel: 'debug', sessions: { idleMs: 2 * HOUR, maxMs: 5 * HOUR }, trustProxy: '127.0.0.1' },
      clock: () => now,
      logger: { ...loggerOptions('debug'), stream },
    });
  });
  afterAll(async () => {
    await app.close();
    await store.drop();
  });

  const signIn = async (headers: Record<string, string> = {}) => {
    const res = await app.inject({ method: 'POST', url: '/api/v3/sessions', headers: { authorization: `Bearer ${key}`, ...headers } });
    expect(res.statusCode).toBe(201);
    const cookie = String(res.headers['set-cookie']);
    return { res, cookie, value: cookie.slice(0, cookie.indexOf(';')) };
  };
  const withCookie = (cookie: string, method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: object) =>
    app.inject({ method, url, headers: { cookie, ...headers }, ...(payload ? { payload } : {}) });

  it('a key starts a session: an HttpOnly, SameSite=Strict cookie for the whole site, lasting to its absolute end, and the workspace named', async () => {
    now = NOW;
    const { res, cookie } = await signIn();
    expect(cookie).toMatch(/^verdict_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=18000; HttpOnly; SameSite=Strict$/);
    expect(res.json()).toEqual({ workspaceId: expect.any(Number), workspaceName: 'acme', authenticatedBy: 'session', expiresAt: new Date(NOW + 2 * HOUR).toISOString(), endsAt: new Date(NOW + 5 * HOUR).toISOString() });
  });

  it('the cookie authenticates reads in place of the key, and says who it is', async () => {
    const { value } = await signIn();
    const me = await withCookie(value, 'GET', '/api/v3/sessions/current');
    expect(me.json()).toMatchObject({ workspaceName: 'acme', authenticatedBy: 'session' });
    expect((await withCookie(value, 'GET', '/api/v3/test_runs')).statusCode).toBe(200);
    const byKey = await app.inject({ url: '/api/v3/sessions/current', headers: { authorization: `Bearer ${key}` } });
    expect(byKey.json()).toEqual({ workspaceId: me.json().workspaceId, workspaceName: 'acme', authenticatedBy: 'key', expiresAt: null, endsAt: null });
  });

  it('stores only the SHA-256 of the id, and never logs it', async () => {
    const { value } = await signIn();
    const id = value.split('=')[1]!;
    await withCookie(value, 'GET', '/api/v3/test_runs');
    const rows = await store.db.selectFrom('sessions').selectAll().execute();
    expect(rows.map((r) => r.id_hash)).toContain(createHash('sha256').update(id).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(id);
    expect(logs.join('')).not.toContain(id);
    expect(logs.join('')).not.toContain(key);
  });

  it('a write with the cookie needs the UI header and must not come from another site; a key needs neither', async () => {
    const { value } = await signIn();
    expect((await withCookie(value, 'POST', '/api/v3/test_runs', {}, RUN)).json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await withCookie(value, 'POST', '/api/v3/test_runs', { 'x-verdict-request': '1', 'sec-fetch-site': 'cross-site' }, RUN)).statusCode).toBe(403);
    expect((await withCookie(value, 'POST', '/api/v3/test_runs', { 'x-verdict-request': '1', 'sec-fetch-site': 'same-origin' }, RUN)).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/v3/test_runs', headers: { authorization: `Bearer ${key}` }, payload: RUN })).statusCode).toBe(201);
  });

  it('a session cannot start another: signing in takes a key', async () => {
    const { value } = await signIn();
    const res = await withCookie(value, 'POST', '/api/v3/sessions', { 'x-verdict-request': '1' });
    expect(res.statusCode).toBe(400);
  });

  it('sign-out ends the session for every holder of the cookie, and tells the browser to forget it', async () => {
    const { value } = await signIn();
    const out = await withCookie(value, 'DELETE', '/api/v3/sessions/current', { 'x-verdict-request': '1' });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^verdict_session=; Path=\/; Max-Age=0/);
    const after = await withCookie(value, 'GET', '/api/v3/test_runs');
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toContain('sign in again');
    expect(String(after.headers['set-cookie'])).toContain('Max-Age=0');
  });

  it('slides on with use, ends when idle longer than allowed, and ends at its absolute end however used', async () => {
    now = NOW;
    const { value } = await signIn();
    // Used every 90 minutes: each use moves the idle end on, up to 5 h after sign-in.
    for (const at of [1.5, 3, 4.5]) {
      now = NOW + at * HOUR;
      expect((await withCookie(value, 'GET', '/api/v3/test_runs')).statusCode, `at ${at} h`).toBe(200);
    }
    now = NOW + 5 * HOUR;
    expect((await withCookie(value, 'GET', '/api/v3/test_runs')).statusCode).toBe(401);

    now = NOW;
    const idle = await signIn();
    now = NOW + 2 * HOUR + 1;
    expect((await withCookie(idle.value, 'GET', '/api/v3/test_runs')).statusCode).toBe(401);
    now = NOW;
  });

  it('revoking the key that started a session ends it', async () => {
    const other = await createApiKey(store, 'acme', 'temporary', NOW);
    const res = await app.inject({ method: 'POST', url: '/api/v3/sessions', headers: { authorization: `Bearer ${other.key}` } });
    const cookie = String(res.headers['set-cookie']).split(';')[0]!;
    expect((await withCookie(cookie, 'GET', '/api/v3/test_runs')).statusCode).toBe(200);
    await revokeApiKey(store.db, other.id, NOW);
    expect((await withCookie(cookie, 'GET', '/api/v3/test_runs')).statusCode).toBe(401);
    expect(keyId).not.toBe(other.id);
  });

  it("scopes to the session's workspace: another workspace's run is a 404", async () => {
    const other = await createApiKey(store, 'globex', 'me', NOW);
    const created = await app.inject({ method: 'POST', url: '/api/v3/test_runs', headers: { authorization: `Bearer ${other.key}` }, payload: RUN });
    const { value } = await signIn();
    expect((await withCookie(value, 'GET', `/api/v3/test_runs/${created.json().id}`)).statusCode).toBe(404);
  });

  it('behind a trusted proxy that says HTTPS, the cookie is Secure and host-only (__Host-); an untrusted X-Forwarded-Proto changes nothing', async () => {
    const viaProxy = await app.inject({ method: 'POST', url: '/api/v3/sessions', remoteAddress: '127.0.0.1', headers: { authorization: `Bearer ${key}`, 'x-forwarded-proto': 'https' } });
    const cookie = String(viaProxy.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-verdict_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Strict; Secure$/);
    expect((await withCookie(cookie.split(';')[0]!, 'GET', '/api/v3/test_runs')).statusCode).toBe(200);
    const spoofed = await app.inject({ method: 'POST', url: '/api/v3/sessions', remoteAddress: '203.0.113.9', headers: { authorization: `Bearer ${key}`, 'x-forwarded-proto': 'https' } });
    expect(String(spoofed.headers['set-cookie'])).not.toContain('Secure');
  });
});

describe('session and proxy settings', () => {
  it('reads VERDICT_SESSION_IDLE_HOURS, VERDICT_SESSION_MAX_DAYS and VERDICT_TRUST_PROXY, refusing what is not one of their forms', () => {
    expect(readConfig({}).sessions).toEqual({ idleMs: 168 * HOUR, maxMs: 30 * 24 * HOUR });
    expect(readConfig({ VERDICT_SESSION_IDLE_HOURS: '8', VERDICT_SESSION_MAX_DAYS: '1' }).sessions).toEqual({ idleMs: 8 * HOUR, maxMs: 24 * HOUR });
    expect(readConfig({}).trustProxy).toBe(false);
    expect(readConfig({ VERDICT_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(readConfig({ VERDICT_TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(readConfig({ VERDICT_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' }).trustProxy).toBe('127.0.0.1, 10.0.0.0/8');
    expect(() => readConfig({ VERDICT_TRUST_PROXY: 'yes please' })).toThrow(/VERDICT_TRUST_PROXY/);
    expect(() => readConfig({ VERDICT_SESSION_IDLE_HOURS: '0' })).toThrow(/VERDICT_SESSION_IDLE_HOURS/);
  });
});
