import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { buildApp } from '../../src/http/app.js';
import { loggerOptions, prettyLine, requestLogLevel } from '../../src/http/logging.js';
import { freshStore } from '../helpers/databases.js';
import { NOW } from '../helpers/app.js';

describe('requestLogLevel', () => {
  it.each([
    [200, 5, 'debug'],
    [304, 5, 'debug'],
    [401, 5, 'info'],
    [404, 5, 'info'],
    [200, 1500, 'warn'],
    [404, 1500, 'warn'],
    [500, 5, 'error'],
    [503, 1500, 'error'],
  ] as const)('%i in %i ms is %s', (status, ms, level) => {
    expect(requestLogLevel(status, ms)).toBe(level);
  });
});

describe('prettyLine', () => {
  const time = Date.parse('2026-11-28T12:34:56Z');
  const local = new Date(time).toTimeString().slice(0, 8);

  it('is time, level and message, with simple extra fields as key=value', () => {
    expect(prettyLine(JSON.stringify({ level: 30, time, pid: 1, hostname: 'h', msg: 'shutting down', signal: 'SIGTERM' }))).toBe(`${local} INFO  shutting down signal=SIGTERM`);
  });

  it('leaves the request fields to the message and the request id out', () => {
    const line = JSON.stringify({ level: 40, time, reqId: 'req-1', method: 'GET', url: '/x', statusCode: 200, ms: 1200, msg: 'GET /x 200 1200 ms' });
    expect(prettyLine(line)).toBe(`${local} WARN  GET /x 200 1200 ms`);
  });

  it("puts an error's stack under the line, and colours the level for a terminal", () => {
    const line = JSON.stringify({ level: 50, time, msg: 'unexpected error', err: { message: 'boom', stack: 'Error: boom\n    at f (a.ts:1:1)' } });
    expect(prettyLine(line)).toBe(`${local} ERROR unexpected error\nError: boom\n    at f (a.ts:1:1)`);
    expect(prettyLine(line, true)).toContain('\x1b[31mERROR\x1b[0m');
  });

  it('passes through what is not JSON', () => {
    expect(prettyLine('plain text')).toBe('plain text');
  });
});

describe('what a server logs', () => {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l) lines.push(JSON.parse(l));
      done();
    },
  });
  let store: Awaited<ReturnType<typeof freshStore>>;
  let key: string;
  const apps: Awaited<ReturnType<typeof buildApp>>[] = [];
  const appAt = async (level: string) => {
    const app = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, publicUrl: 'http://verdict.test', logLevel: level }, clock: () => NOW, logger: { ...loggerOptions(level), stream } });
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    store = await freshStore('sqlite');
    key = (await createApiKey(store, 'acme', 'ci', NOW)).key;
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await store.drop();
  });

  it('at the default level, nothing for a routine request and one short line for a refused one', async () => {
    const app = await appAt('info');
    lines.length = 0;
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect(lines).toEqual([]);
    expect((await app.inject({ method: 'GET', url: '/api/v3/test_runs/1', headers: { authorization: 'Bearer vdt_wrong' } })).statusCode).toBe(401);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 30, method: 'GET', url: '/api/v3/test_runs/1', statusCode: 401, msg: expect.stringMatching(/^GET \/api\/v3\/test_runs\/1 401 \d+ ms$/) });
  });

  it('at debug, exactly one line per request, and never the key', async () => {
    const app = await appAt('debug');
    lines.length = 0;
    await app.inject({ method: 'GET', url: '/api/v3/test_runs?size=1', headers: { authorization: `Bearer ${key}` } });
    await app.inject({ method: 'GET', url: '/api/v3/test_runs/9', headers: { 'x-ts-api-key': key } });
    expect(lines.map((l) => l.msg)).toEqual([expect.stringMatching(/^GET \/api\/v3\/test_runs\?size=1 200 \d+ ms$/), expect.stringMatching(/^GET \/api\/v3\/test_runs\/9 404 \d+ ms$/)]);
    expect(JSON.stringify(lines)).not.toContain(key);
  });
});
