/**
 * Triggering a plan the way CI scripts and the Jenkins plugin do (reference.md §1.2, §10): `POST
 * /api/v1/execution_results` (cloud, `executionId`) and `POST /api/v1/test_plan_results` (open source,
 * `testPlanId`). The answer is always 200 with the v1 run body (clients treat anything else as failure):
 * a run waiting for its CI (QUEUED, STATUS_CREATED), or ABORTED when the plan's hook failed, plus
 * `triggerHook`, what the hook answered. Fields of re-runs and partial runs are accepted and ignored.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../core/errors.js';
import { findRunChain } from '../../store/report-repository.js';
import { triggerRun, type TriggerRequest } from '../../triggers/index.js';
import type { RouteDeps } from '../app.js';
import { documentOnly, errorResponses } from '../openapi-schemas.js';
import { presentHookOutcome } from '../trigger-presenters.js';
import { presentV1Run } from '../v1-presenters.js';
import { V1RunBody } from './v1-routes.js';

const tags = ['v1'];
const PlanId = (description: string) => Type.Integer({ minimum: 1, maximum: 2_147_483_647, description });
const Scalar = Type.Union([Type.String({ maxLength: 2000 }), Type.Number(), Type.Boolean(), Type.Null()]);
const common = {
  buildNo: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Null()], { description: 'Kept as the run\'s buildNo' })),
  environmentId: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String({ pattern: '^\\d{1,15}$' }), Type.Null()], { description: 'Kept in the run\'s environment map; read back as environmentId' })),
  runtimeData: Type.Optional(Type.Union([Type.Record(Type.String({ maxLength: 200 }), Scalar, { maxProperties: 100 }), Type.Null()], { description: 'Kept in the run\'s environment map; `{{runtimeData.NAME}}` in the hook' })),
};
const ExecutionTrigger = Type.Object({ executionId: PlanId('The test plan id'), ...common }, { additionalProperties: true });
const PlanTrigger = Type.Object({ testPlanId: PlanId('The test plan id'), ...common }, { additionalProperties: true });

const HookOutcomeBody = Type.Union([
  Type.Object({
    called: Type.Boolean(), succeeded: Type.Boolean({ description: 'A 2xx answer' }), statusCode: Type.Union([Type.Integer(), Type.Null()]),
    error: Type.Union([Type.String(), Type.Null()], { description: 'Network error or time-out' }), calledAt: Type.Integer({ description: 'Epoch ms' }), durationMs: Type.Integer(),
  }),
  Type.Null(),
], { description: "What the plan's trigger hook answered; null when the plan has none" });
const TriggerAnswer = documentOnly(Type.Object({ ...V1RunBody.properties, triggerHook: HookOutcomeBody }, { additionalProperties: true, description: 'The run as GET execution_results/{id} gives it, plus triggerHook' }));

type Body = { buildNo?: string | number | null; environmentId?: string | number | null; runtimeData?: Record<string, string | number | boolean | null> | null };

function requestOf(planId: number, body: Body): TriggerRequest {
  const runtimeData = Object.fromEntries(Object.entries(body.runtimeData ?? {}).flatMap(([k, v]) => (v === null ? [] : [[k, String(v)]])));
  return { planId, buildNo: body.buildNo === undefined || body.buildNo === null ? null : String(body.buildNo), environmentId: body.environmentId === undefined || body.environmentId === null ? null : String(body.environmentId), runtimeData };
}

export function triggerRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const publicUrl = deps.config.publicUrl.replace(/\/+$/, '');
  return async (app) => {
    // Bodies keep the presenters' key order (top-level status and result first), as the read routes do.
    app.setSerializerCompiler(() => (data) => JSON.stringify(data));

    async function trigger(workspaceId: number, request: TriggerRequest) {
      const { runId, hook } = await triggerRun(deps.trigger, workspaceId, request);
      const chain = await findRunChain(deps.store.db, workspaceId, runId);
      if (!chain) throw notFound(`test run ${runId}`);
      return { ...presentV1Run(chain[0]!, publicUrl, chain), triggerHook: presentHookOutcome(hook) };
    }

    const description =
      'Opens a run of the plan that waits for its CI (result QUEUED, status STATUS_CREATED, triggeredType API) and, when the plan has a trigger hook, calls it with the run id. ' +
      'The CI fills the run (`verdict upload --run-id`, or the live API); poll GET execution_results/{id} until STATUS_COMPLETED. A hook that fails ends the run ABORTED with a message; the answer is 200 either way. An unknown plan is a 404.';
    app.post(
      '/execution_results',
      { schema: { tags, operationId: 'v1TriggerExecution', summary: 'Trigger a test plan (`executionId`): a run waiting for its CI', description, body: ExecutionTrigger, response: { 200: TriggerAnswer, ...errorResponses } } },
      async (req) => trigger(req.workspaceId, requestOf(req.body.executionId, req.body as Body)),
    );
    app.post(
      '/test_plan_results',
      { schema: { tags, operationId: 'v1TriggerTestPlan', summary: 'Trigger a test plan (`testPlanId`), as the Jenkins plugin does', description, body: PlanTrigger, response: { 200: TriggerAnswer, ...errorResponses } } },
      async (req) => trigger(req.workspaceId, requestOf(req.body.testPlanId, req.body as Body)),
    );
  };
}
