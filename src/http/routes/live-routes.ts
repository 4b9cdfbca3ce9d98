/**
 * The live reporting API: open a run, send batches of machines/suites/cases/steps as they execute,
 * finish or stop it. Every item carries a client key, so retrying a request never duplicates anything.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LiveBatchSchema, LiveFinishSchema, LiveRunOpenSchema } from '../../core/document.js';
import { applyLiveBatch, finishLiveRun, openLiveRun } from '../../ingest/index.js';
import { findRunWithPlan } from '../../store/run-repository.js';
import type { RouteDeps } from '../app.js';
import { noBodyAsEmpty } from '../optional-body.js';
import { presentRun } from '../presenters.js';
import { IdParam } from '../schemas.js';

const RunParams = Type.Object({ run_id: IdParam });
const tags = ['live ingestion'];

export function liveRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const present = async (workspaceId: number, runId: number) => presentRun((await findRunWithPlan(deps.store.db, workspaceId, runId))!);
  return async (app) => {
    app.post('/live/test_runs', { schema: { tags, operationId: 'openLiveRun', summary: 'Open a run (idempotent with `key`)', body: LiveRunOpenSchema } }, async (req, reply) => {
      const { runId, created } = await openLiveRun(deps.ingest, req.workspaceId, req.body);
      return reply.status(created ? 201 : 200).send(await present(req.workspaceId, runId));
    });
    app.post('/live/test_runs/:run_id/results', { schema: { tags, operationId: 'addLiveResults', summary: 'Add or update machines, suites, cases and steps', params: RunParams, body: LiveBatchSchema } }, async (req) => {
      await applyLiveBatch(deps.ingest, req.workspaceId, req.params.run_id, req.body);
      return present(req.workspaceId, req.params.run_id);
    });
    app.post('/live/test_runs/:run_id/finish', { schema: { tags, operationId: 'finishLiveRun', summary: 'Finish the run: whatever has not run is NOT_EXECUTED', params: RunParams, body: Type.Optional(LiveFinishSchema) }, preValidation: noBodyAsEmpty }, async (req) => {
      await finishLiveRun(deps.ingest, req.workspaceId, req.params.run_id, { stop: false, endTime: req.body?.endTime });
      return present(req.workspaceId, req.params.run_id);
    });
    app.post('/live/test_runs/:run_id/stop', { schema: { tags, operationId: 'stopLiveRun', summary: 'Stop the run: whatever has not run is STOPPED', params: RunParams, body: Type.Optional(LiveFinishSchema) }, preValidation: noBodyAsEmpty }, async (req) => {
      await finishLiveRun(deps.ingest, req.workspaceId, req.params.run_id, { stop: true, endTime: req.body?.endTime });
      return present(req.workspaceId, req.params.run_id);
    });
  };
}
