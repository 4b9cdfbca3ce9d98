/** One-shot ingestion: a whole run as one JSON document (src/ingest/document.ts). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ingestDocument } from '../../ingest/ingest-document.js';
import type { RunDocument } from '../../ingest/document.js';
import { findRunWithPlan } from '../../store/run-repository.js';
import type { AppDeps } from '../app.js';
import { presentRun } from '../presenters.js';
import { RunDocumentSchema } from '../schemas.js';

export function ingestRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/test_runs',
      {
        schema: {
          tags: ['ingestion'],
          operationId: 'createTestRun',
          summary: 'Store a whole run (plan, machines, suites, cases, steps) and return it',
          description: 'Results, counts and durations that can be derived are derived. A document that contradicts itself is a 400 naming the field; nothing is stored.',
          body: RunDocumentSchema,
        },
      },
      async (req, reply) => {
        const runId = await ingestDocument(deps.store, req.workspaceId, req.body as RunDocument, { now: deps.clock() });
        const row = await findRunWithPlan(deps.store.db, req.workspaceId, runId);
        return reply.status(201).send(presentRun(row!));
      },
    );
  };
}
