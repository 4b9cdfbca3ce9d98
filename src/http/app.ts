/**
 * buildApp(deps) returns a Fastify app that is not listening: the CLI listens, tests use app.inject().
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.js';
import type { Store } from '../store/dialect.js';
import { authHook } from './auth.js';
import { rateLimitHook } from './rate-limit.js';
import { StepSchema } from './schemas.js';
import { depthGuard } from './depth-guard.js';
import { installErrorHandlers, notFound } from './error-handler.js';
import { RequestLog, loggerOptions } from './logging.js';
import { ingestRoutes } from './routes/ingest-routes.js';
import { importRoutes } from './routes/import-routes.js';
import { liveRoutes } from './routes/live-routes.js';
import { listRoutes } from './routes/list-routes.js';
import { v1Routes } from './routes/v1-routes.js';
import { registerOpenApi } from './openapi.js';
import { resultsRoutes } from './routes/results-routes.js';
import { analyticsRoutes } from './routes/analytics-routes.js';
import { webUi } from './web-ui.js';

export interface AppDeps {
  store: Store;
  config: Pick<Config, 'bodyLimitBytes' | 'publicUrl' | 'logLevel'> & Partial<Pick<Config, 'rateLimitPerMinute'>>;
  /** Epoch ms; injected so tests control time. */
  clock: () => number;
  /** pino logger options (see logging.ts), or false for none. */
  logger?: boolean | object;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(deps.config.logLevel),
    logController: new RequestLog(),
    bodyLimit: deps.config.bodyLimitBytes,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandlers(app);
  app.addSchema(StepSchema);
  app.addHook('preValidation', depthGuard);
  // Before any route, so the OpenAPI document sees them all; /api/openapi.json and /api/docs need no key.
  await registerOpenApi(app, { publicUrl: deps.config.publicUrl });

  await app.register(
    async (api) => {
      api.addHook('onRequest', rateLimitHook(deps.config.rateLimitPerMinute ?? 0, deps.clock));
      api.addHook('onRequest', authHook(deps.store));
      // Unknown /api routes pass the hooks above too, so no key is a 401 whether or not the route exists:
      // GETs through this catch-all (else the web UI's would take them), other methods through the 404 handler.
      api.get('/*', { schema: { hide: true } }, notFound);
      api.setNotFoundHandler(notFound);
      await api.register(v1Routes(deps), { prefix: '/v1' });
      for (const version of ['v2', 'v3']) {
        await api.register(
          async (v) => {
            await v.register(resultsRoutes(deps));
            await v.register(listRoutes(deps));
            await v.register(ingestRoutes(deps));
            await v.register(importRoutes(deps));
            await v.register(liveRoutes(deps));
            await v.register(analyticsRoutes(deps));
          },
          { prefix: `/${version}` },
        );
      }
    },
    { prefix: '/api' },
  );
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.register(webUi());
  return app;
}
