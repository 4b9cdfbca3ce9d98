/**
 * buildApp(deps) returns a Fastify app that is not listening: the CLI listens, tests use app.inject().
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.js';
import type { Store } from '../store/dialect.js';
import { authHook } from './auth.js';
import { installErrorHandlers } from './error-handler.js';
import { ingestRoutes } from './routes/ingest-routes.js';
import { liveRoutes } from './routes/live-routes.js';
import { resultsRoutes } from './routes/results-routes.js';

export interface AppDeps {
  store: Store;
  config: Pick<Config, 'bodyLimitBytes' | 'publicUrl' | 'logLevel'>;
  /** Epoch ms; injected so tests control time. */
  clock: () => number;
  /** pino logger options, or false for none. */
  logger?: boolean | object;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? { level: deps.config.logLevel, redact: ['req.headers.authorization', 'req.headers["x-ts-api-key"]'] },
    bodyLimit: deps.config.bodyLimitBytes,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>();
  installErrorHandlers(app);

  await app.register(
    async (api) => {
      api.addHook('onRequest', authHook(deps.store));
      for (const version of ['v2', 'v3']) {
        await api.register(
          async (v) => {
            await v.register(resultsRoutes(deps));
            await v.register(ingestRoutes(deps));
            await v.register(liveRoutes(deps));
          },
          { prefix: `/${version}` },
        );
      }
    },
    { prefix: '/api' },
  );
  app.get('/healthz', async () => ({ status: 'ok' }));
  return app;
}
