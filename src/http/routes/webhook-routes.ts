/**
 * Webhooks of a workspace: a URL, the events it wants (`run.finished`, `run.failed`, `test.new_failure`),
 * a format (Verdict's JSON, or a Slack-compatible `text`), and a secret that signs every delivery
 * (`X-Verdict-Signature: sha256=<HMAC-SHA256 of the body>`). The secret is shown once, when the webhook is
 * made (sent, or generated), then kept sealed. Deliveries are queued, retried with backoff and logged.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { randomBytes } from 'node:crypto';
import { Type } from 'typebox';
import { invalidField, notFound } from '../../core/errors.js';
import { enumOf } from '../../core/schema.js';
import { WEBHOOK_EVENTS, WEBHOOK_FORMATS } from '../../core/webhooks.js';
import { webhookSecretContext } from '../../jobs/webhook-dispatch.js';
import { deleteWebhook, deliveriesOf, findWebhook, insertWebhook, listWebhooks } from '../../store/outbox-repository.js';
import type { RouteDeps } from '../app.js';
import { IdParam } from '../schemas.js';

const tags = ['webhooks'];
const Webhook = Type.Object({ id: Type.Integer(), url: Type.String(), events: Type.Array(Type.String()), format: Type.String(), createdDate: Type.String() });
const Delivery = Type.Object({
  id: Type.Integer(),
  event: Type.String(),
  testRunId: Type.Integer(),
  status: Type.String({ description: 'pending (queued, or waiting to be tried again), delivered, failed (given up)' }),
  attempts: Type.Integer(),
  nextAttempt: Type.Union([Type.String(), Type.Null()]),
  lastStatus: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdDate: Type.String(),
  deliveredDate: Type.Union([Type.String(), Type.Null()]),
});
const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());
const present = (h: { id: number; url: string; events: string; format: string; created_at: number }) => ({ id: h.id, url: h.url, events: JSON.parse(h.events) as string[], format: h.format, createdDate: iso(h.created_at)! });

export function webhookRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.store;
  return async (app) => {
    app.post(
      '/webhooks',
      {
        schema: {
          tags,
          operationId: 'createWebhook',
          summary: 'Add a webhook; the answer shows its signing secret, this once',
          body: Type.Object(
            {
              url: Type.String({ minLength: 8, maxLength: 2000 }),
              events: Type.Array(enumOf(WEBHOOK_EVENTS), { minItems: 1, maxItems: WEBHOOK_EVENTS.length }),
              format: Type.Optional(enumOf(WEBHOOK_FORMATS)),
              secret: Type.Optional(Type.String({ minLength: 16, maxLength: 200, description: 'Generated when absent' })),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Object({ ...Webhook.properties, secret: Type.String({ description: 'Shown once: keep it to check X-Verdict-Signature' }) }) },
        },
      },
      async (req, reply) => {
        let url: URL;
        try {
          url = new URL(req.body.url);
        } catch {
          throw invalidField('url', 'is not a URL', req.body.url);
        }
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidField('url', 'must be http or https', req.body.url);
        const secret = req.body.secret ?? randomBytes(24).toString('base64url');
        const events = [...new Set(req.body.events)];
        const id = await insertWebhook(db, deps.store.traits, { workspace_id: req.workspaceId, url: url.toString(), events: JSON.stringify(events), format: req.body.format ?? 'json', created_at: deps.clock() }, (hookId) =>
          deps.secrets.seal(secret, webhookSecretContext(req.workspaceId, hookId)),
        );
        return reply.status(201).send({ ...present((await findWebhook(db, req.workspaceId, id))!), secret });
      },
    );

    app.get('/webhooks', { schema: { tags, operationId: 'listWebhooks', summary: "The workspace's webhooks (secrets are never shown again)", response: { 200: Type.Object({ content: Type.Array(Webhook) }) } } }, async (req) => ({
      content: (await listWebhooks(db, req.workspaceId)).map(present),
    }));

    app.delete('/webhooks/:id', { schema: { tags, operationId: 'deleteWebhook', summary: 'Remove a webhook and its delivery log', params: Type.Object({ id: IdParam }), response: { 204: Type.Null({ description: 'Removed' }) } } }, async (req, reply) => {
      if (!(await deleteWebhook(db, req.workspaceId, req.params.id))) throw notFound(`webhook ${req.params.id}`);
      return reply.status(204).send(null);
    });

    app.get(
      '/webhooks/:id/deliveries',
      {
        schema: {
          tags,
          operationId: 'listWebhookDeliveries',
          summary: "A webhook's deliveries, newest first",
          params: Type.Object({ id: IdParam }),
          querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })) }, { additionalProperties: false }),
          response: { 200: Type.Object({ content: Type.Array(Delivery) }) },
        },
      },
      async (req) => {
        if (!(await findWebhook(db, req.workspaceId, req.params.id))) throw notFound(`webhook ${req.params.id}`);
        const rows = await deliveriesOf(db, req.workspaceId, req.params.id, req.query.limit ?? 50);
        return {
          content: rows.map((d) => ({
            id: d.id,
            event: d.event,
            testRunId: d.test_run_id,
            status: d.status,
            attempts: d.attempts,
            nextAttempt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
            lastStatus: d.last_status,
            lastError: d.last_error,
            createdDate: iso(d.created_at)!,
            deliveredDate: iso(d.delivered_at),
          })),
        };
      },
    );
  };
}
