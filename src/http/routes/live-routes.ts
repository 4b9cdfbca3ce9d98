/**
 * The live reporting API: open a run, send batches of machines/suites/cases/steps as they execute,
 * finish or stop it. Every item carries a client key, so retrying a request never duplicates anything.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { RESULTS, RE_RUN_TYPES, STEP_CONDITION_TYPES, STEP_PRIORITIES, STEP_TYPES, TRIGGERED_TYPES } from '../../core/vocabulary.js';
import { applyLiveBatch, finishLiveRun, openLiveRun } from '../../ingest/live.js';
import { LIVE_STATES, type LiveBatch, type LiveRunOpen } from '../../ingest/live-document.js';
import { findRunWithPlan } from '../../store/run-repository.js';
import type { AppDeps } from '../app.js';
import { noBodyAsEmpty } from '../optional-body.js';
import { presentRun } from '../presenters.js';
import { DeviceConfigurationSchema, IdParam, InputResultSchema, opt } from '../schemas.js';

const closed = { additionalProperties: false } as const;
const Key = Type.String({ minLength: 1, maxLength: 200, description: 'Client-chosen key, unique within the run' });
const Time = Type.String({ maxLength: 40 });
const enumOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const item = { key: Key, state: opt(enumOf(LIVE_STATES)), startTime: opt(Time), endTime: opt(Time), duration: opt(Type.Number({ minimum: 0 })) };
const MAX_BATCH = 5000;

const OpenSchema = Type.Object(
  {
    testPlan: Type.String({ minLength: 1, maxLength: 500 }),
    key: opt(Key),
    buildNo: opt(Type.String({ maxLength: 500 })),
    triggeredType: opt(enumOf(TRIGGERED_TYPES)),
    executor: opt(Type.String({ maxLength: 500 })),
    startTime: opt(Time),
    reRunParentId: opt(Type.Integer({ minimum: 1 })),
    reRunType: opt(enumOf(RE_RUN_TYPES)),
    environment: opt(Type.Record(Type.String(), Type.String())),
  },
  closed,
);

const BatchSchema = Type.Object(
  {
    machines: opt(Type.Array(Type.Object({ ...item, deviceConfiguration: opt(DeviceConfigurationSchema), appDetails: opt(Type.Record(Type.String(), Type.Unknown())) }, closed), { maxItems: MAX_BATCH })),
    suites: opt(Type.Array(Type.Object({ ...item, machineKey: Key, name: Type.String({ minLength: 1, maxLength: 10_000 }) }, closed), { maxItems: MAX_BATCH })),
    cases: opt(
      Type.Array(
        Type.Object(
          {
            ...item,
            suiteKey: Key,
            parentKey: opt(Key),
            name: Type.String({ minLength: 1, maxLength: 10_000 }),
            result: opt(InputResultSchema),
            message: opt(Type.String()),
            isDataDriven: opt(Type.Boolean()),
            isDisabled: opt(Type.Boolean()),
            identity: opt(Type.String({ maxLength: 10_000 })),
            errorType: opt(Type.String({ maxLength: 1000 })),
            stackTrace: opt(Type.String()),
            systemOut: opt(Type.String()),
            systemErr: opt(Type.String()),
            attempts: opt(Type.Array(Type.Object({ result: InputResultSchema, message: opt(Type.String()), duration: opt(Type.Number({ minimum: 0 })), stackTrace: opt(Type.String()) }, closed))),
            flaky: opt(Type.Boolean()),
            properties: opt(Type.Record(Type.String(), Type.String())),
          },
          closed,
        ),
        { maxItems: MAX_BATCH },
      ),
    ),
    steps: opt(
      Type.Array(
        Type.Object(
          {
            ...item,
            caseKey: Key,
            parentKey: opt(Key),
            action: Type.String({ minLength: 1, maxLength: 10_000 }),
            type: opt(enumOf(STEP_TYPES)),
            priority: opt(enumOf(STEP_PRIORITIES)),
            result: opt(InputResultSchema),
            message: opt(Type.String()),
            errorCode: opt(Type.Integer()),
            errorType: opt(Type.String({ maxLength: 200 })),
            conditionType: opt(enumOf(STEP_CONDITION_TYPES)),
            ignoreResult: opt(Type.Boolean()),
          },
          closed,
        ),
        { maxItems: MAX_BATCH },
      ),
    ),
  },
  { ...closed, description: `Items at any level, at most ${MAX_BATCH} per level. Results: ${RESULTS.join(', ')} (+ PASSED, FAILED, SKIPPED)` },
);

const FinishSchema = Type.Object({ endTime: opt(Time) }, closed);
const RunParams = Type.Object({ run_id: IdParam });
const tags = ['live ingestion'];

export function liveRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
  const present = async (workspaceId: number, runId: number) => presentRun((await findRunWithPlan(deps.store.db, workspaceId, runId))!);
  return async (app) => {
    app.post('/live/test_runs', { schema: { tags, operationId: 'openLiveRun', summary: 'Open a run (idempotent with `key`)', body: OpenSchema } }, async (req, reply) => {
      const { runId, created } = await openLiveRun(deps.store, req.workspaceId, req.body as LiveRunOpen, deps.clock());
      return reply.status(created ? 201 : 200).send(await present(req.workspaceId, runId));
    });
    app.post('/live/test_runs/:run_id/results', { schema: { tags, operationId: 'addLiveResults', summary: 'Add or update machines, suites, cases and steps', params: RunParams, body: BatchSchema } }, async (req) => {
      await applyLiveBatch(deps.store, req.workspaceId, req.params.run_id, req.body as LiveBatch, deps.clock());
      return present(req.workspaceId, req.params.run_id);
    });
    app.post('/live/test_runs/:run_id/finish', { schema: { tags, operationId: 'finishLiveRun', summary: 'Finish the run: whatever has not run is NOT_EXECUTED', params: RunParams, body: Type.Optional(FinishSchema) }, preValidation: noBodyAsEmpty }, async (req) => {
      await finishLiveRun(deps.store, req.workspaceId, req.params.run_id, { stop: false, endTime: req.body?.endTime }, deps.clock());
      return present(req.workspaceId, req.params.run_id);
    });
    app.post('/live/test_runs/:run_id/stop', { schema: { tags, operationId: 'stopLiveRun', summary: 'Stop the run: whatever has not run is STOPPED', params: RunParams, body: Type.Optional(FinishSchema) }, preValidation: noBodyAsEmpty }, async (req) => {
      await finishLiveRun(deps.store, req.workspaceId, req.params.run_id, { stop: true, endTime: req.body?.endTime }, deps.clock());
      return present(req.workspaceId, req.params.run_id);
    });
  };
}
