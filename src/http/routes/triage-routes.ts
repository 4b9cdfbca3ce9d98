/**
 * Triage, the morning after: a run's failures grouped by cause, two runs compared, tests quarantined.
 * Definitions and rules: docs/triage.md.
 *
 *   GET    /test_runs/{id}/failure_groups
 *   GET    /test_runs/{id}/compare?with={otherId}
 *   GET    /quarantines                          tests in quarantine now (`all=true`: expired ones too)
 *   PUT    /test_cases/{testCaseId}/quarantine   {reason, until?}
 *   DELETE /test_cases/{testCaseId}/quarantine
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { invalidField, notFound } from '../../core/errors.js';
import { parseIsoTime } from '../../core/time.js';
import { deleteQuarantine, findTestCaseById, listQuarantines, putQuarantine } from '../../store/quarantine-repository.js';
import { findRun } from '../../store/run-repository.js';
import { compareOf, failureGroupsOf } from '../../triage/run-triage.js';
import type { RouteDeps } from '../app.js';
import { presentComparison, presentFailureGroup, presentQuarantine } from '../triage-presenters.js';
import { ComparisonBody, FailureGroupBody, QuarantineBody } from '../triage-schemas.js';
import { IdParam } from '../schemas.js';

const tags = ['triage'];
const RunParams = Type.Object({ run_id: IdParam });
const TestParams = Type.Object({ testCaseId: IdParam });

export function triageRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.store;
  return async (app) => {
    const runOr404 = async (workspaceId: number, id: number) => {
      const run = await findRun(db, workspaceId, id);
      if (!run) throw notFound(`test run ${id}`);
      return run;
    };

    app.get(
      '/test_runs/:run_id/failure_groups',
      {
        schema: {
          tags,
          operationId: 'getFailureGroups',
          summary: "A run's failures grouped by cause (error type, message with ids and numbers masked, top non-framework frame), largest first",
          params: RunParams,
          response: { 200: Type.Object({ testRunId: Type.Integer(), failedCount: Type.Integer(), content: Type.Array(FailureGroupBody) }) },
        },
      },
      async (req) => {
        const run = await runOr404(req.workspaceId, req.params.run_id);
        const groups = await failureGroupsOf(db, req.workspaceId, run);
        return { testRunId: run.id, failedCount: groups.reduce((n, g) => n + g.cases.length, 0), content: groups.map(presentFailureGroup) };
      },
    );

    app.get(
      '/test_runs/:run_id/compare',
      {
        schema: {
          tags,
          operationId: 'compareRuns',
          summary: "A run against another (default: the plan's previous finished run, same branch when known): new failures, fixed, still failing, added, removed, much slower",
          params: RunParams,
          querystring: Type.Object({ with: Type.Optional(IdParam) }, { additionalProperties: false }),
          response: { 200: ComparisonBody },
        },
      },
      async (req) => {
        const run = await runOr404(req.workspaceId, req.params.run_id);
        if (req.query.with !== undefined) await runOr404(req.workspaceId, req.query.with);
        const { base, comparison } = await compareOf(db, req.workspaceId, run, req.query.with);
        return presentComparison(run.id, base?.id ?? null, comparison);
      },
    );

    app.get(
      '/quarantines',
      {
        schema: {
          tags,
          operationId: 'listQuarantines',
          summary: 'Tests in quarantine now (with all=true, expired quarantines too)',
          querystring: Type.Object({ all: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
          response: { 200: Type.Object({ content: Type.Array(QuarantineBody) }) },
        },
      },
      async (req) => {
        const now = deps.clock();
        const rows = await listQuarantines(db, req.workspaceId, req.query.all ? undefined : now);
        return { content: rows.map((q) => presentQuarantine(q, now)) };
      },
    );

    app.put(
      '/test_cases/:testCaseId/quarantine',
      {
        schema: {
          tags,
          operationId: 'quarantineTest',
          summary: 'Quarantine a test: its failures stay visible, are counted apart, and do not fail `verdict upload --fail-on-failure`; it ends by itself at `until`',
          params: TestParams,
          body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }), until: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])) }, { additionalProperties: false }),
          response: { 200: QuarantineBody },
        },
      },
      async (req) => {
        const test = await findTestCaseById(db, req.workspaceId, req.params.testCaseId);
        if (!test) throw notFound(`test case ${req.params.testCaseId}`);
        const now = deps.clock();
        const until = req.body.until ? parseIsoTime(req.body.until) : null;
        if (until === undefined) throw invalidField('until', `is not an ISO-8601 time: "${req.body.until}"`, req.body.until);
        if (until !== null && until <= now) throw invalidField('until', 'is in the past: a quarantine ends later than it starts', req.body.until);
        await putQuarantine(db, { workspace_id: req.workspaceId, test_case_id: test.id, reason: req.body.reason.trim(), until, now });
        const [row] = await listQuarantines(db, req.workspaceId, undefined, test.id);
        return presentQuarantine(row!, now);
      },
    );

    app.delete(
      '/test_cases/:testCaseId/quarantine',
      { schema: { tags, operationId: 'releaseTest', summary: 'End a quarantine', params: TestParams, response: { 204: Type.Null({ description: 'Released' }) } } },
      async (req, reply) => {
        if (!(await deleteQuarantine(db, req.workspaceId, req.params.testCaseId))) throw notFound(`a quarantine of test case ${req.params.testCaseId}`);
        return reply.status(204).send(null);
      },
    );
  };
}
