/**
 * buildApp(deps) returns a Fastify app that is not listening: the CLI listens, tests use app.inject().
 */
import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Config } from '../config.js';
import type { Store } from '../store/dialect.js';
import { cleanStrings, mayNeedCleaning } from '../core/text.js';
import { createIngest, runEventsFor, type Ingest, type RunEvents } from '../ingest/index.js';
import { authHook } from './auth.js';
import { DEFAULT_SESSION_POLICY } from '../auth/sessions.js';
import { sessionRoutes } from './routes/session-routes.js';
import { eventRoutes } from './routes/event-routes.js';
import { DEFAULT_STREAM_OPTIONS, runStreamHub, type StreamOptions } from './run-stream.js';
import { applyTimeouts, clientErrorHandler, DEFAULT_TIMEOUTS, frameworkErrors, securityHeaders, timeoutOptions } from './connection-guards.js';
import { rateLimitHook, windowCounter } from './rate-limit.js';
import { StepSchema } from '../core/document.js';
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
import { fileBlobStore, type BlobStore } from '../store/blob-store.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { opsRoutes } from './routes/ops-routes.js';
import { attachmentRoutes } from './routes/attachment-routes.js';
import { triageRoutes } from './routes/triage-routes.js';
import { cachedKeyAuthenticator } from '../auth/key-cache.js';
import { webhookRoutes } from './routes/webhook-routes.js';
import { retentionRoutes } from './routes/retention-routes.js';
import { WEBHOOK_EVERY_MS, webhookDispatch } from '../jobs/webhook-dispatch.js';
import { pendingDeliveries } from '../store/outbox-repository.js';
import { RETENTION_EVERY_MS, pruneInTurn } from '../jobs/retention.js';
import { createMetrics, type Metrics } from '../ops/metrics.js';
import { reportPortalInfoRoutes } from './routes/reportportal/info-routes.js';
import { reportPortalRoutes } from './routes/reportportal/reportportal-routes.js';

import { secretBox, type SecretBox } from '../auth/secret-box.js';
import { TRIGGER_TIMEOUT_EVERY_MS, triggerTimeouts } from '../jobs/trigger-timeouts.js';
import { everyInterval, type Schedule } from '../jobs/schedule.js';
import type { TriggerDeps } from '../triggers/index.js';
import { hookRoutes } from './routes/hook-routes.js';
import { triggerRoutes } from './routes/trigger-routes.js';

export interface AppDeps {
  store: Store;
  config: Pick<Config, 'bodyLimitBytes' | 'publicUrl' | 'logLevel'> &
    Partial<Pick<Config, 'rateLimitPerMinute' | 'authFailuresPerMinute' | 'concurrencyPerKey' | 'timeouts' | 'metricsToken' | 'attachmentsDir' | 'attachmentLimitBytes' | 'triggerTimeoutMinutes' | 'sessions' | 'trustProxy'>>;
  /** Epoch ms; injected so tests control time. */
  clock: () => number;
  /** pino logger options (see logging.ts), or false for none. */
  logger?: boolean | object;
  /** Where run events go; by default the store's way (runEventsFor): this process on SQLite, every node through PostgreSQL. */
  events?: RunEvents;
  /** Seals trigger-hook secrets (`configuredSecretBox(config)`); by default a key for this process only (tests). */
  secrets?: SecretBox;
  /** Runs the background jobs' passes (jobs/); by default on an interval. Tests capture the pass and call it. */
  schedule?: Schedule;
  /** How long a trigger hook may take to answer (default 10 s). */
  hookTimeoutMs?: number;
  /** Server-sent event streams: heartbeat and replay buffer (tests shorten the heartbeat). */
  streams?: Partial<StreamOptions>;
}

/** What the route plugins get: the app's dependencies and the services built on them (ingest, triggers, metrics, attachments' bytes). */
export type RouteDeps = AppDeps & { ingest: Ingest; secrets: SecretBox; trigger: TriggerDeps; metrics: Metrics; blobs: BlobStore; attachmentLimitBytes: number };

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const timeouts = deps.config.timeouts ?? DEFAULT_TIMEOUTS;
  const sessionPolicy = deps.config.sessions ?? DEFAULT_SESSION_POLICY;
  const app = Fastify({
    logger: deps.logger ?? loggerOptions(deps.config.logLevel),
    logController: new RequestLog(),
    bodyLimit: deps.config.bodyLimitBytes,
    // allowUnionTypes: ReportPortal's times are a number or a string, one multi-type schema.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false, allowUnionTypes: true } },
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
    ...timeoutOptions(timeouts),
    trustProxy: trustProxyOption(deps.config.trustProxy ?? false),
    clientErrorHandler,
    frameworkErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();
  applyTimeouts(app, timeouts);
  installErrorHandlers(app);
  app.addHook('onSend', securityHeaders);
  // Fastify's own JSON parser (prototype-poisoning checks included), then NUL and lone surrogates made storable (core/text.ts).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) =>
    parseJson(request, body as string, (err, value) => done(err, err || !mayNeedCleaning(body as string) ? value : cleanStrings(value))),
  );
  const events = deps.events ?? runEventsFor(deps.store, (err, event) => app.log.error({ err, event }, 'a run event subscriber failed'));
  const metrics = createMetrics(() => deps.store.pool?.());
  const ingest = createIngest(deps.store, events, deps.clock, (written) => metrics.written(written));
  const secrets = deps.secrets ?? secretBox(() => randomBytes(32));
  const triggerTimeoutMinutes = deps.config.triggerTimeoutMinutes ?? 60;
  const trigger = { store: deps.store, ingest, secrets, clock: deps.clock, publicUrl: deps.config.publicUrl, defaultTimeoutMinutes: triggerTimeoutMinutes, hookTimeoutMs: deps.hookTimeoutMs };
  // Tests and throw-away apps without a configured directory keep attachments in a temporary one.
  const blobs = fileBlobStore(deps.config.attachmentsDir ?? mkdtempSync(join(tmpdir(), 'verdict-attachments-')));
  const routeDeps: RouteDeps = { ...deps, events, ingest, secrets, trigger, metrics, blobs, attachmentLimitBytes: deps.config.attachmentLimitBytes ?? 25 * 1024 * 1024 };
  app.addHook('onResponse', async (request, reply) => metrics.request(request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000));
  const hub = runStreamHub(events, { ...DEFAULT_STREAM_OPTIONS, ...deps.streams });
  // Open streams would hold app.close() until their clients leave.
  app.addHook('preClose', async () => hub.shutdown());
  const schedule = deps.schedule ?? everyInterval;
  const timeoutJob = triggerTimeouts({ store: deps.store, ingest, clock: deps.clock });
  startJob(app, schedule, 'trigger time-outs', () => timeoutJob.pass(), TRIGGER_TIMEOUT_EVERY_MS);
  const webhooks = webhookDispatch({ store: deps.store, secrets, clock: deps.clock, publicUrl: deps.config.publicUrl });
  startJob(app, schedule, 'webhook dispatch', () => webhooks.pass(), WEBHOOK_EVERY_MS);
  // A finished run is delivered soon after, not at the next tick (the outbox holds it either way). On
  // PostgreSQL every node hears it and tries; one takes the turn (job-repository.ts), the others skip theirs.
  if (schedule === everyInterval) {
    const stop = events.subscribe((e) => void (e.kind === 'run.finished' && setTimeout(() => void webhooks.pass().catch(() => {}), 200).unref()));
    app.addHook('onClose', async () => stop());
  }
  startJob(app, schedule, 'retention', () => pruneInTurn({ store: deps.store, blobs, clock: deps.clock }), RETENTION_EVERY_MS);
  metrics.gauge('verdict_webhook_outbox_depth', 'Webhook deliveries queued or waiting to be tried again', () => pendingDeliveries(deps.store.db));
  app.addSchema(StepSchema);
  app.addHook('preValidation', depthGuard);
  // Before any route, so the OpenAPI document sees them all; /api/openapi.json and /api/docs need no key.
  await registerOpenApi(app, { publicUrl: deps.config.publicUrl });

  await app.register(
    async (api) => {
      const authFailures = windowCounter(deps.config.authFailuresPerMinute ?? 0, deps.clock);
      api.addHook('onRequest', rateLimitHook({ perMinute: deps.config.rateLimitPerMinute ?? 0, concurrentPerClient: deps.config.concurrencyPerKey ?? 0, authFailures, clock: deps.clock }));
      api.addHook('onRequest', authHook(cachedKeyAuthenticator(deps.store, deps.clock), deps.store, sessionPolicy, deps.clock, authFailures));
      // Unknown /api routes pass the hooks above too, so no key is a 401 whether or not the route exists:
      // GETs through this catch-all (else the web UI's would take them), other methods through the 404 handler.
      api.get('/*', { schema: { hide: true } }, notFound);
      api.setNotFoundHandler(notFound);
      await api.register(v1Routes(routeDeps), { prefix: '/v1' });
      await api.register(triggerRoutes(routeDeps), { prefix: '/v1' });
      // ReportPortal's reporting API, `/v1|v2/{project}/...`: the router tries Verdict's static segments first.
      for (const version of ['v1', 'v2']) await api.register(reportPortalRoutes(routeDeps), { prefix: `/${version}` });
      for (const version of ['v2', 'v3']) {
        await api.register(
          async (v) => {
            await v.register(resultsRoutes(routeDeps));
            await v.register(listRoutes(routeDeps));
            await v.register(ingestRoutes(routeDeps));
            await v.register(importRoutes(routeDeps));
            await v.register(liveRoutes(routeDeps));
            await v.register(analyticsRoutes(routeDeps));
            await v.register(attachmentRoutes(routeDeps));
            await v.register(triageRoutes(routeDeps));
            await v.register(webhookRoutes(routeDeps));
            await v.register(retentionRoutes(routeDeps));
            await v.register(hookRoutes(routeDeps));
            await v.register(sessionRoutes(routeDeps, sessionPolicy));
            await v.register(eventRoutes(routeDeps, hub));
          },
          { prefix: `/${version}` },
        );
      }
    },
    { prefix: '/api' },
  );
  await app.register(reportPortalInfoRoutes());
  await app.register(opsRoutes(routeDeps));
  await app.register(webUi());
  return app;
}

/** A hop count becomes the function proxy-addr would make of it (Fastify's types take no number). */
function trustProxyOption(trust: boolean | number | string) {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}

/** Runs `pass` on the schedule while the app is up; a failed pass is logged, and the next one tries again. */
function startJob(app: FastifyInstance, schedule: Schedule, name: string, pass: () => Promise<unknown>, everyMs: number) {
  let stop: (() => void) | undefined;
  app.addHook('onReady', async () => {
    stop = schedule(() => pass().then(() => undefined, (err: unknown) => app.log.error({ err }, `the ${name} job failed`)), everyMs, name);
  });
  app.addHook('onClose', async () => stop?.());
}
