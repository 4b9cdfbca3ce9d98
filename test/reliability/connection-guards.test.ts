/**
 * What guards the server before a route runs, on a real socket: a stalled upload is closed after the idle
 * timeout and holds no database connection meanwhile (twelve of them on PostgreSQL, whose pool has ten,
 * leave the API answering); malformed requests get the JSON error body; every answer carries the
 * security headers.
 */
import type { FastifyInstance } from 'fastify';
import { connect, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { buildApp } from '../../src/http/app.js';
import { DATABASES, freshStore } from '../helpers/databases.js';
import { NOW } from '../helpers/app.js';

/** Opens a raw connection and sends the start of an upload that never completes. */
function stalledUpload(port: number, key: string): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST /api/v3/imports?plan=stalled HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/xml\r\nContent-Length: 100000\r\n\r\n<testsuite name="s"><testcase name="a"/>`);
      let answer = '';
      socket.on('data', (d) => (answer += d));
      const closed = new Promise<string>((done) => socket.on('close', () => done(answer)));
      socket.on('error', () => {});
      resolve({ socket, closed });
    });
  });
}

describe.each(DATABASES)('connection guards on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: FastifyInstance;
  let port: number;
  let key: string;
  beforeEach(async () => {
    store = await freshStore(kind);
    app = await buildApp({ store, config: { bodyLimitBytes: 10 * 1024 * 1024, publicUrl: 'http://verdict.test', logLevel: 'silent', timeouts: { idleMs: 700, requestMs: 5000, headersMs: 2000 } }, clock: () => NOW, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as { port: number }).port;
    key = (await createApiKey(store, 'acme', 'ci', NOW)).key;
  });
  afterEach(async () => {
    await app.close();
    await store.drop();
  });

  it('stalled uploads are closed after the idle timeout, and the API answers meanwhile', async () => {
    const stalled = await Promise.all(Array.from({ length: 12 }, () => stalledUpload(port, key)));
    const started = Date.now();
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    const keyed = await fetch(`http://127.0.0.1:${port}/api/v3/test_runs`, { headers: { authorization: `Bearer ${key}` } });
    expect([health.status, keyed.status]).toEqual([200, 200]);
    expect(Date.now() - started).toBeLessThan(600); // answered before the stalled ones even time out
    const endings = await Promise.all(stalled.map((s) => s.closed));
    expect(endings.every((answer) => answer === '' || /^HTTP\/1\.1 4\d\d/.test(answer))).toBe(true);
    // Nothing of the half-sent reports was stored.
    expect((await (await fetch(`http://127.0.0.1:${port}/api/v3/test_runs`, { headers: { authorization: `Bearer ${key}` } })).json()).content).toEqual([]);
  });

  it('headers too large: a 431 with the JSON error body', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v3/test_runs`, { headers: { authorization: `Bearer ${key}`, 'x-big': 'x'.repeat(64 * 1024) } });
    expect(res.status).toBe(431);
    expect(await res.json()).toMatchObject({ code: 'HEADERS_TOO_LARGE', error: expect.any(String), fieldErrors: null });
  });

  it('a URL that cannot be decoded: a 400 with the JSON error body', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v3/test_runs/%E0%A4%A`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'INVALID_REQUEST', error: expect.stringContaining('cannot be decoded') });
  });

  it('every answer carries the security headers; the docs page keeps plain HTTP working', async () => {
    for (const [path, policy] of [
      ['/', /frame-ancestors 'none'/],
      ['/runs/1', /script-src 'self'/],
      ['/api/v3/test_runs', /default-src 'none'/],
      ['/api/openapi.json', /default-src 'none'/],
      ['/api/docs/', /frame-ancestors 'none'/],
    ] as const) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { authorization: `Bearer ${key}` } });
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('content-security-policy'), path).toMatch(policy);
      expect(res.headers.get('content-security-policy') ?? '', path).not.toMatch(/upgrade-insecure-requests/);
    }
  });
});
