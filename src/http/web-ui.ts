/**
 * Serves the built web UI (`dist/web`, written by `vite build --config web/vite.config.ts`) from the API's
 * own process:
 *
 * - `/assets/*` are content-hashed by Vite, so they are cached for a year (`immutable`);
 * - any other GET that is not under `/api/` and has no file extension is a client-side route
 *   (`/runs/517`, `/plans/3`...) and gets `index.html`, never cached, so a shared URL always opens;
 * - unknown `/api` paths that reach it keep the API's JSON 404 (app.ts gives `/api/*` a catch-all of its
 *   own, behind the key check, so those answer 401 without a key).
 *
 * When `dist/web` was not built (tests, a fresh clone), `/` answers a short page saying how to build it.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VerdictError } from '../core/errors.js';

/** `dist/web` of the package: this file is `src/http/web-ui.ts` or `dist/http/web-ui.js`, two levels down either way. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Verdict</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937}code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}</style>
</head><body>
<h1>Verdict</h1>
<p>The API is running, but the web UI has not been built.</p>
<p>Build it with <code>npm run build</code> (or <code>npx vite build --config web/vite.config.ts</code>) and restart the server,
or use <code>npm run dev</code> for a hot-reloading UI. See <code>docs/ui.md</code>.</p>
<p>The JSON API is under <code>/api/v3/</code>.</p>
</body></html>
`;

const YEAR_SECONDS = 365 * 24 * 3600;

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

export interface WebUiOptions {
  /** Folder holding the built UI; defaults to the package's `dist/web`. */
  root?: string;
}

export function webUi(options: WebUiOptions = {}) {
  const root = options.root ?? DEFAULT_WEB_ROOT;
  return async (app: FastifyInstance) => {
    const built = existsSync(`${root}/index.html`);
    if (built) await app.register(fastifyStatic, { root, serve: false, index: false, cacheControl: false });

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const path = request.url.split('?')[0]!;
      if (isApiPath(path)) throw new VerdictError('NOT_FOUND', `no route ${request.method} ${path}`);
      if (!built) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT);
      const last = path.slice(path.lastIndexOf('/') + 1);
      if (last.includes('.')) {
        const hashed = path.startsWith('/assets/');
        reply.header('cache-control', hashed ? `public, max-age=${YEAR_SECONDS}, immutable` : 'public, max-age=3600');
        let file: string;
        try {
          file = decodeURIComponent(path.slice(1));
        } catch {
          throw new VerdictError('NOT_FOUND', `no file ${path}`);
        }
        return reply.sendFile(file);
      }
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    };
    // Not part of the API: kept out of the OpenAPI document (`hide` is @fastify/swagger's schema key).
    const hidden = { schema: { hide: true } as FastifySchema };
    app.get('/', hidden, handler);
    app.get('/*', hidden, handler);
  };
}
