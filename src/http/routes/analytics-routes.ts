/**
 * Analytics across runs, for the web UI and for anyone else with a key (Verdict's own additions to the
 * results API, served under /api/v2 and /api/v3 alike):
 *
 *   GET /test_plans                                   plans with their run count and latest run
 *   GET /test_plans/{id}                              one plan, same shape
 *   GET /test_plans/{id}/trend?limit=30               its last N runs (not re-runs), oldest first
 *   GET /test_plans/{id}/failing_tests?runs=30&limit=10          tests that failed most in those runs
 *   GET /test_plans/{id}/flaky_tests?runs=30&limit=10&minFlips=2&minFlipRate=0  flip-rate flaky: outcome flips between runs
 *   GET /test_plans/{id}/retry_flaky_tests?runs=30&limit=10       retry-flaky: failed then passed within a run
 *   GET /test_cases/{testCaseId}/history?limit=30&planId=        a test's recent results, newest first
 *
 * Ids of another workspace are a 404, like missing ones; bad query parameters are a 400.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../core/errors.js';
import { failingTests, findPlan, findTestCase, listPlansWithLatestRun, planTrend, testHistory } from '../../store/analytics-repository.js';
import { flipRateDefinition, presentFailingTest, presentFlakyTest, presentHistoryEntry, presentPlan, presentRetryFlakyTest, presentRunSummary, RETRY_FLAKY_DEFINITION } from '../analytics-presenters.js';
import { retryFlakyTests } from '../../store/flaky-repository.js';
import { flipRateFlakyTests } from '../../triage/flaky-tests.js';
import { FailingTest, FlakyTest, HistoryEntry, Limit, PlanParams, PlanSummary, RetryFlakyTest, RunSummary, tags, WindowQuery } from '../analytics-schemas.js';
import type { RouteDeps } from '../app.js';
import { IdParam } from '../schemas.js';

export function analyticsRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.store;
  return async (app) => {
    async function planOr404(workspaceId: number, id: number) {
      const plan = await findPlan(db, workspaceId, id);
      if (!plan) throw notFound(`test plan ${id}`);
      return plan;
    }

    app.get(
      '/test_plans',
      {
        schema: {
          tags,
          operationId: 'listTestPlans',
          summary: 'The test plans of the workspace, by name, each with its run count and latest run',
          response: { 200: Type.Object({ content: Type.Array(PlanSummary), totalElements: Type.Integer() }) },
        },
      },
      async (req) => {
        const plans = await listPlansWithLatestRun(db, req.workspaceId);
        return { content: plans.map(presentPlan), totalElements: plans.length };
      },
    );

    app.get('/test_plans/:id', { schema: { tags, operationId: 'getTestPlan', summary: 'A test plan with its run count and latest run', params: PlanParams, response: { 200: PlanSummary } } }, async (req) => {
      const [plan] = await listPlansWithLatestRun(db, req.workspaceId, req.params.id);
      if (!plan) throw notFound(`test plan ${req.params.id}`);
      return presentPlan(plan);
    });

    app.get(
      '/test_plans/:id/trend',
      {
        schema: {
          tags,
          operationId: 'getTestPlanTrend',
          summary: "A plan's last N runs (re-runs excluded), oldest first: result, counts, pass rate, duration",
          params: PlanParams,
          querystring: Type.Object({ limit: Limit(30, 500, 'How many runs') }, { additionalProperties: false }),
          response: { 200: Type.Object({ testPlanId: Type.Integer(), name: Type.String(), runs: Type.Array(RunSummary) }) },
        },
      },
      async (req) => {
        const plan = await planOr404(req.workspaceId, req.params.id);
        const rows = await planTrend(db, req.workspaceId, plan.id, req.query.limit ?? 30);
        return { testPlanId: plan.id, name: plan.name, runs: rows.map(presentRunSummary) };
      },
    );

    app.get(
      '/test_plans/:id/failing_tests',
      {
        schema: {
          tags,
          operationId: 'listFailingTests',
          summary: "The tests that failed most (FAILURE or ABORTED) in a plan's last N runs",
          params: PlanParams,
          querystring: WindowQuery,
          response: {
            200: Type.Object({
              testPlanId: Type.Integer(),
              runs: Type.Integer({ description: 'The window: how many runs were asked for' }),
              content: Type.Array(
                FailingTest,
              ),
            }),
          },
        },
      },
      async (req) => {
        const plan = await planOr404(req.workspaceId, req.params.id);
        const runs = req.query.runs ?? 30;
        const rows = await failingTests(db, req.workspaceId, plan.id, { runs, limit: req.query.limit ?? 10 });
        return {
          testPlanId: plan.id,
          runs,
          content: rows.map(presentFailingTest),
        };
      },
    );

    app.get(
      '/test_plans/:id/flaky_tests',
      {
        schema: {
          tags,
          operationId: 'listFlakyTests',
          summary: "Flip-rate flaky: tests whose outcome flips between pass and fail across a plan's last N runs (skips excluded), most flips first",
          params: PlanParams,
          querystring: Type.Object(
            {
              ...WindowQuery.properties,
              minFlips: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 2, description: 'Fewest flips to count as flaky' })),
              minFlipRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 0, description: 'Lowest flip rate (flips per chance to flip) to count as flaky' })),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ testPlanId: Type.Integer(), runs: Type.Integer(), definition: Type.String(), content: Type.Array(FlakyTest) }) },
        },
      },
      async (req) => {
        const plan = await planOr404(req.workspaceId, req.params.id);
        const runs = req.query.runs ?? 30;
        const minFlips = req.query.minFlips ?? 2;
        const minFlipRate = req.query.minFlipRate ?? 0;
        const rows = await flipRateFlakyTests(db, req.workspaceId, plan.id, { runs, limit: req.query.limit ?? 10, minFlips, minFlipRate });
        return { testPlanId: plan.id, runs, definition: flipRateDefinition(runs, minFlips, minFlipRate), content: rows.map(presentFlakyTest) };
      },
    );

    app.get(
      '/test_plans/:id/retry_flaky_tests',
      {
        schema: {
          tags,
          operationId: 'listRetryFlakyTests',
          summary: "Retry-flaky: tests that failed, then passed on a retry within one run, across a plan's last N runs, most often first",
          params: PlanParams,
          querystring: WindowQuery,
          response: { 200: Type.Object({ testPlanId: Type.Integer(), runs: Type.Integer(), definition: Type.String(), content: Type.Array(RetryFlakyTest) }) },
        },
      },
      async (req) => {
        const plan = await planOr404(req.workspaceId, req.params.id);
        const runs = req.query.runs ?? 30;
        const rows = await retryFlakyTests(db, req.workspaceId, plan.id, { runs, limit: req.query.limit ?? 10 });
        return { testPlanId: plan.id, runs, definition: RETRY_FLAKY_DEFINITION, content: rows.map(presentRetryFlakyTest) };
      },
    );

    app.get(
      '/test_cases/:testCaseId/history',
      {
        schema: {
          tags,
          operationId: 'getTestCaseHistory',
          summary: "A test's most recent results across runs, newest first (optionally within one plan)",
          params: Type.Object({ testCaseId: IdParam }),
          querystring: Type.Object({ limit: Limit(30, 500, 'How many results'), planId: Type.Optional(IdParam) }, { additionalProperties: false }),
          response: {
            200: Type.Object({
              testCaseId: Type.Integer(),
              name: Type.String(),
              content: Type.Array(
                HistoryEntry,
              ),
            }),
          },
        },
      },
      async (req) => {
        const testCase = await findTestCase(db, req.workspaceId, req.params.testCaseId);
        if (!testCase) throw notFound(`test case ${req.params.testCaseId}`);
        if (req.query.planId !== undefined) await planOr404(req.workspaceId, req.query.planId);
        const rows = await testHistory(db, req.workspaceId, testCase.id, { planId: req.query.planId, limit: req.query.limit ?? 30 });
        return {
          testCaseId: testCase.id,
          name: testCase.name,
          content: rows.map(presentHistoryEntry),
        };
      },
    );
  };
}
