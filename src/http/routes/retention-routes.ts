/**
 * Retention policies: a workspace's default and each plan's own, keep N days and/or N runs (rules in
 * core/retention.ts and docs/triage.md). The prune itself runs in the server's background job and as
 * `verdict prune`; `GET /retention/preview` says what the next one would delete in this workspace.
 *
 *   GET    /retention                         the workspace's default and the plans' policies
 *   PUT    /retention                         {keepDays?, keepRuns?}: the workspace's default
 *   DELETE /retention
 *   PUT    /test_plans/{id}/retention         a plan's own, over the default
 *   DELETE /test_plans/{id}/retention
 *   GET    /retention/preview
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { invalidField, notFound } from '../../core/errors.js';
import { prune } from '../../jobs/retention.js';
import { findPlan } from '../../store/report-repository.js';
import { deleteRetentionPolicy, retentionPolicies, setRetentionPolicy } from '../../store/retention-repository.js';
import type { RouteDeps } from '../app.js';
import { IdParam } from '../schemas.js';

const tags = ['retention'];
const Limit = (what: string, maximum: number) => Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum }), Type.Null()], { description: `Keep ${what}; null or absent: no limit of this kind` }));
const PolicyBody = Type.Object({ keepDays: Limit('the runs of the last N days', 36_500), keepRuns: Limit('the newest N runs (a re-run chain counts as one)', 1_000_000) }, { additionalProperties: false });
const Policy = Type.Object({ keepDays: Type.Union([Type.Integer(), Type.Null()]), keepRuns: Type.Union([Type.Integer(), Type.Null()]), updatedDate: Type.String() });
const PlanPolicy = Type.Object({ testPlanId: Type.Integer(), testPlanName: Type.Union([Type.String(), Type.Null()]), ...Policy.properties });
const Policies = Type.Object({ workspace: Type.Union([Policy, Type.Null()], { description: "The default for plans without their own; null: runs are kept" }), plans: Type.Array(PlanPolicy) });
const Preview = Type.Object({
  runIds: Type.Array(Type.Integer()),
  rows: Type.Record(Type.String(), Type.Integer()),
  attachmentFiles: Type.Integer(),
  attachmentBytes: Type.Integer(),
});

const present = (p: { keep_days: number | null; keep_runs: number | null; updated_at: number }) => ({ keepDays: p.keep_days, keepRuns: p.keep_runs, updatedDate: new Date(Number(p.updated_at)).toISOString() });

export function retentionRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.store;
  const save = async (workspaceId: number, testPlanId: number, body: { keepDays?: number | null; keepRuns?: number | null }) => {
    if ((body.keepDays ?? null) === null && (body.keepRuns ?? null) === null) throw invalidField('keepDays', 'or keepRuns is needed: a policy without a limit keeps everything (DELETE it instead)');
    await setRetentionPolicy(db, { workspace_id: workspaceId, test_plan_id: testPlanId, keep_days: body.keepDays ?? null, keep_runs: body.keepRuns ?? null, updated_at: deps.clock() });
  };
  const policies = async (workspaceId: number) => {
    const rows = await retentionPolicies(db, workspaceId);
    const workspace = rows.find((r) => r.test_plan_id === 0);
    return { workspace: workspace ? present(workspace) : null, plans: rows.filter((r) => r.test_plan_id !== 0).map((r) => ({ testPlanId: r.test_plan_id, testPlanName: r.plan_name, ...present(r) })) };
  };
  const planOr404 = async (workspaceId: number, id: number) => {
    if (!(await findPlan(db, workspaceId, id))) throw notFound(`test plan ${id}`);
  };

  return async (app) => {
    app.get('/retention', { schema: { tags, operationId: 'getRetention', summary: "The workspace's retention policies", response: { 200: Policies } } }, async (req) => policies(req.workspaceId));

    app.put('/retention', { schema: { tags, operationId: 'putRetention', summary: "Sets the workspace's default retention", body: PolicyBody, response: { 200: Policies } } }, async (req) => {
      await save(req.workspaceId, 0, req.body);
      return policies(req.workspaceId);
    });

    app.delete('/retention', { schema: { tags, operationId: 'deleteRetention', summary: "Removes the workspace's default: runs of plans without their own policy are kept", response: { 204: Type.Null({ description: 'Removed' }) } } }, async (req, reply) => {
      if (!(await deleteRetentionPolicy(db, req.workspaceId, 0))) throw notFound('a retention policy for the workspace');
      return reply.status(204).send(null);
    });

    app.put(
      '/test_plans/:id/retention',
      { schema: { tags, operationId: 'putPlanRetention', summary: "Sets a plan's own retention, over the workspace's default", params: Type.Object({ id: IdParam }), body: PolicyBody, response: { 200: Policies } } },
      async (req) => {
        await planOr404(req.workspaceId, req.params.id);
        await save(req.workspaceId, req.params.id, req.body);
        return policies(req.workspaceId);
      },
    );

    app.delete(
      '/test_plans/:id/retention',
      { schema: { tags, operationId: 'deletePlanRetention', summary: "Removes a plan's own retention: the workspace's default applies", params: Type.Object({ id: IdParam }), response: { 204: Type.Null({ description: 'Removed' }) } } },
      async (req, reply) => {
        if (!(await deleteRetentionPolicy(db, req.workspaceId, req.params.id))) throw notFound(`a retention policy for test plan ${req.params.id}`);
        return reply.status(204).send(null);
      },
    );

    app.get('/retention/preview', { schema: { tags, operationId: 'previewRetention', summary: 'What the next prune would delete in this workspace (nothing is deleted)', response: { 200: Preview } } }, async (req) => {
      const report = await prune({ store: deps.store, blobs: deps.blobs, clock: deps.clock }, { dryRun: true, workspaceId: req.workspaceId });
      return { runIds: report.runIds, rows: report.rows as Record<string, number>, attachmentFiles: report.attachmentFiles, attachmentBytes: report.attachmentBytes };
    });
  };
}
