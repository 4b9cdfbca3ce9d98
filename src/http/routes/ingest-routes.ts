/** One-shot ingestion: a whole run as one JSON document (core/document.ts). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RunDocumentSchema } from '../../core/document.js';
import { writeDocument } from '../../ingest/index.js';
import { findRunWithPlan } from '../../store/run-repository.js';
import type { RouteDeps } from '../app.js';
import { presentRun } from '../presenters.js';

export function ingestRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/test_runs',
      {
        schema: {
          tags: ['ingestion'],
          operationId: 'createTestRun',
          summary: 'Store a whole run (plan, machines, suites, cases, steps) and return it',
          description:
            'Results, counts and durations that can be derived are derived. A document that contradicts itself is a 400 naming the field; nothing is stored. ' +
            'With a `key`, sending the same document again returns the run it made (200) and changes nothing.',
          body: RunDocumentSchema,
        },
      },
      async (req, reply) => {
        const { runId, created } = await writeDocument(deps.ingest, req.workspaceId, req.body);
        const row = await findRunWithPlan(deps.store.db, req.workspaceId, runId);
        return reply.status(created ? 201 : 200).send(presentRun(row!));
      },
    );
  };
}
