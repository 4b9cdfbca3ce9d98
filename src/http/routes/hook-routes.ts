/**
 * A test plan's trigger hook: what a trigger calls so the CI runs the plan (a GitHub `workflow_dispatch`,
 * a GitLab pipeline trigger, any URL that takes a JSON POST). Header and secret values are write-only:
 * stored sealed, answered as names with a mask, never logged.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../core/errors.js';
import { HOOK_METHODS, MAX_TIMEOUT_MINUTES, type HookMethod, type HookSettings } from '../../core/trigger-hook.js';
import { findPlan } from '../../store/report-repository.js';
import { deleteTriggerHook, findTriggerHook } from '../../store/trigger-repository.js';
import { saveHook } from '../../triggers/index.js';
import type { RouteDeps } from '../app.js';
import { errorResponses } from '../openapi-schemas.js';
import { presentTriggerHook } from '../trigger-presenters.js';
import { IdParam } from '../schemas.js';

const tags = ['triggers'];
const Params = Type.Object({ id: IdParam });
const Values = (description: string) => Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 8192 }), { maxProperties: 50, description });

const HookSettingsBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000, description: 'http(s) URL; may hold placeholders, e.g. `{{secrets.token}}`' }),
    method: Type.Optional(Type.Union(HOOK_METHODS.map((m) => Type.Literal(m)), { default: 'POST' })),
    headers: Type.Optional(Values('Request headers, e.g. `{"Authorization": "Bearer <PAT>"}`. Values are secrets: stored sealed, never answered')),
    secrets: Type.Optional(Values('Named secrets for `{{secrets.NAME}}` in the URL or body (a GitLab trigger token). Stored sealed, never answered')),
    body: Type.Optional(Type.Unknown({ description: 'JSON body template: placeholders `{{runId}}`, `{{planId}}`, `{{planName}}`, `{{buildNo}}`, `{{environmentId}}`, `{{serverUrl}}`, `{{runUrl}}`, `{{runtimeData.NAME}}`, `{{secrets.NAME}}` inside strings' })),
    // One schema with both types: as a union, ajv's coercion would turn a refused 0 into null.
    timeoutMinutes: Type.Optional(Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, maximum: MAX_TIMEOUT_MINUTES, description: 'A triggered run with no results this long ends ABORTED; null: the server\'s default (VERDICT_TRIGGER_TIMEOUT_MINUTES)' })),
  },
  { additionalProperties: false },
);

const Masked = Type.Record(Type.String(), Type.Literal('********'));
const HookBody = Type.Object({
  testPlanId: Type.Integer(), url: Type.String(), method: Type.String(), headers: Masked, secrets: Masked, body: Type.Unknown(),
  timeoutMinutes: Type.Union([Type.Integer(), Type.Null()]), createdAt: Type.String({ format: 'date-time' }), updatedAt: Type.String({ format: 'date-time' }),
}, { description: 'The hook; header and secret values masked' });

export function hookRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.store;
  return async (app) => {
    async function planOf(workspaceId: number, planId: number) {
      const plan = await findPlan(db, workspaceId, planId);
      if (!plan) throw notFound(`test plan ${planId}`);
      return plan;
    }

    app.put(
      '/test_plans/:id/trigger_hook',
      { schema: { tags, operationId: 'putTriggerHook', summary: "Set the plan's trigger hook (replaces the one it had)", params: Params, body: HookSettingsBody, response: { 200: HookBody, ...errorResponses } } },
      async (req) => {
        const plan = await planOf(req.workspaceId, req.params.id);
        const b = req.body;
        const settings: HookSettings = { url: b.url, method: (b.method ?? 'POST') as HookMethod, headers: b.headers ?? {}, secrets: b.secrets ?? {}, body: b.body ?? null, timeoutMinutes: b.timeoutMinutes ?? null };
        return presentTriggerHook(await saveHook(db, deps.secrets, req.workspaceId, plan.id, settings, deps.clock()));
      },
    );
    app.get(
      '/test_plans/:id/trigger_hook',
      { schema: { tags, operationId: 'getTriggerHook', summary: "The plan's trigger hook, secrets masked", params: Params, response: { 200: HookBody, ...errorResponses } } },
      async (req) => {
        const plan = await planOf(req.workspaceId, req.params.id);
        const hook = await findTriggerHook(db, req.workspaceId, plan.id);
        if (!hook) throw notFound(`trigger hook of test plan ${plan.id}`);
        return presentTriggerHook(hook);
      },
    );
    app.delete(
      '/test_plans/:id/trigger_hook',
      { schema: { tags, operationId: 'deleteTriggerHook', summary: "Remove the plan's trigger hook", params: Params, response: { 204: Type.Null({ description: 'Removed' }), ...errorResponses } } },
      async (req, reply) => {
        const plan = await planOf(req.workspaceId, req.params.id);
        if (!(await deleteTriggerHook(db, req.workspaceId, plan.id))) throw notFound(`trigger hook of test plan ${plan.id}`);
        return reply.status(204).send(null);
      },
    );
  };
}
