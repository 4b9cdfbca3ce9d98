/**
 * For operators, outside `/api` and its keys: `/healthz` (the process answers), `/readyz` (and can reach its
 * database: a load balancer takes a node out while it cannot), `/metrics` (Prometheus text format; with
 * `VERDICT_METRICS_TOKEN` set it needs that token as a Bearer).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { timingSafeEqual } from 'node:crypto';
import { VerdictError } from '../../core/errors.js';
import { ping } from '../../store/run-repository.js';
import type { RouteDeps } from '../app.js';

const hide = { schema: { hide: true } };

export function opsRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/healthz', hide, async () => ({ status: 'ok' }));

    app.get('/readyz', hide, async (_req, reply) => {
      try {
        await ping(deps.store.db);
        return { status: 'ready' };
      } catch {
        return reply.status(503).send({ status: 'unavailable', reason: 'the database does not answer' });
      }
    });

    app.get('/metrics', hide, async (req, reply) => {
      const token = deps.config.metricsToken;
      if (token && !sameSecret(req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '', token)) throw new VerdictError('UNAUTHORIZED', 'GET /metrics needs the metrics token: "Authorization: Bearer <VERDICT_METRICS_TOKEN>"');
      return reply.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    });
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
