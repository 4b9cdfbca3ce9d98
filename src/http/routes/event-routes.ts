/**
 * GET /events: run events as server-sent events for the web UI (http/run-stream.ts says what a stream
 * sends). Scoped to the workspace of the session or key; `run=ID` narrows it to one run, whose stream
 * ends when the run finishes (at once, for a run already finished).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sessionStands } from '../../auth/sessions.js';
import { notFound } from '../../core/errors.js';
import { findRun } from '../../store/run-repository.js';
import { findActiveKeyById } from '../../store/workspace-repository.js';
import type { RouteDeps } from '../app.js';
import type { RunStreamHub } from '../run-stream.js';
import { IdParam } from '../schemas.js';

/** What a stream answers with; the security headers the onSend hook would add are set here, as the reply is written directly. */
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  // nginx and others buffer responses by default; this one must flow.
  'x-accel-buffering': 'no',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

export function eventRoutes(deps: RouteDeps, hub: RunStreamHub): FastifyPluginAsyncTypebox {
  const { store } = deps;
  return async (app) => {
    app.get(
      '/events',
      {
        schema: {
          tags: ['events'],
          operationId: 'streamRunEvents',
          summary: "Run events of the workspace (or of one run) as server-sent events: run.created, run.updated after each committed batch, run.finished; a heartbeat comment every 15 s",
          querystring: Type.Object({ run: Type.Optional(IdParam) }, { additionalProperties: false }),
        },
      },
      async (req, reply) => {
        const runId = req.query.run;
        const run = runId === undefined ? undefined : await findRun(store.db, req.workspaceId, runId);
        if (runId !== undefined && !run) throw notFound(`test run ${runId}`);
        const auth = req.authentication;
        const stillAllowed = auth.kind === 'session' ? () => sessionStands(store, auth.session.idHash, deps.clock()) : async () => (await findActiveKeyById(store.db, auth.keyId)) !== undefined;

        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, STREAM_HEADERS);
        const sink = { write: (frame: string) => void res.write(frame), end: () => res.end() };
        if (run?.status === 'STATUS_COMPLETED') return hub.finished(sink, run.id, Number(run.end_time ?? run.updated_at));
        const lastEventId = req.headers['last-event-id'];
        const close = hub.open({ workspaceId: req.workspaceId, runId, sink, stillAllowed }, typeof lastEventId === 'string' ? lastEventId : undefined);
        // The client left (or the hub ended it): unsubscribe.
        res.on('close', close);
      },
    );
  };
}
