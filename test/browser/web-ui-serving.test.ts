/**
 * How the server serves the built UI (src/http/web-ui.ts), without a browser: index.html for client
 * routes, long-lived caching for hashed assets only, JSON 404s kept for /api, and a helpful page when
 * the UI was not built.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandlers } from '../../src/http/error-handler.js';
import { webUi } from '../../src/http/web-ui.js';

async function serve(root: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  installErrorHandlers(app);
  app.get('/api/v3/ping', async () => ({ pong: true }));
  await app.register(webUi({ root }));
  return app;
}

describe('a built UI', () => {
  let dir: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verdict-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    app = await serve(dir);
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(['/', '/runs', '/runs/517', '/runs/517/cases/3857', '/plans/3?runs=10', '/tests/609?plan=420'])('GET %s answers index.html, never cached', async (url) => {
    const res = await app.inject(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<div id="root">');
  });

  it('serves hashed assets with a year of immutable caching', async () => {
    const res = await app.inject('/assets/index-AbC123.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves other files with a short cache', async () => {
    const res = await app.inject('/favicon.svg');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it.each(['/assets/missing-123.js', '/nope.txt', '/../package.json', '/assets/../../package.json'])('GET %s is a 404', async (url) => {
    const res = await app.inject(url);
    expect(res.statusCode).toBe(404);
  });

  it('rejects a malformed path with a 4xx, never a 500', async () => {
    const res = await app.inject('/assets/%E0%A4%A.js');
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });

  it('keeps the API: its routes answer, unknown /api paths are JSON 404s, not the UI', async () => {
    expect((await app.inject('/api/v3/ping')).json()).toEqual({ pong: true });
    for (const url of ['/api', '/api/v3/nope', '/api/v9/test_runs?x=1']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('answers HEAD like GET', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/runs/1' });
    expect(res.statusCode).toBe(200);
  });
});

describe('a UI that was not built', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await serve(join(tmpdir(), 'verdict-no-such-dir'));
  });
  afterAll(() => app.close());

  it.each(['/', '/runs/517'])('GET %s says how to build it', async (url) => {
    const res = await app.inject(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('npm run build');
  });

  it('still answers the API', async () => {
    expect((await app.inject('/api/v3/ping')).statusCode).toBe(200);
    expect((await app.inject('/api/v3/nope')).statusCode).toBe(404);
  });
});
