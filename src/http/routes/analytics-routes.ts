/**
 * Analytics across runs, for the web UI and for anyone else with a key (Verdict's own additions to the
 * results API, served under /api/v2 and /api/v3 alike):
 *
 *   GET /test_plans                                   plans with their run count and latest run
 *   GET /test_plans/{id}                              one plan, same shape
 *   GET /test_plans/{id}/trend?limit=30               its last N runs (not re-runs), oldest first
 *   GET /test_plans/{id}/failing_tests?runs=30&limit=10          tests that failed most in those runs
 *   GET /test_plans/{id}/flaky_tests?runs=30&limit=10&minFlips=2 tests whose outcome flips between runs
 *   GET /test_cases/{testCaseId}/history?limit=30&planId=        a test's recent results, newest first
 *
 * Ids of another workspace are a 404, like missing ones; bad query parameters are a 400.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { notFound } from '../../core/errors.js';
import { formatApiTime } from '../../core/time.js';
import { RESULTS, STATUSES, type Result, type Status } from '../../core/vocabulary.js';
import { failingTests, findPlan, findTestCase, flakyTests, listPlansWithLatestRun, planTrend, testHistory } from '../../store/analytics-repository.js';
import type { RunRow } from '../../store/run-repository.js';
import type { AppDeps } from '../app.js';
import { IdParam } from '../schemas.js';

const tags = ['analytics'];
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const ResultSchema = Type.Unsafe<Result>({ type: 'string', enum: [...RESULTS] });
const StatusSchema = Type.Unsafe<Status>({ type: 'string', enum: [...STATUSES] });
const Time = Nullable(Type.String({ description: 'ISO-8601 UTC, e.g. 2024-05-29T07:29:19Z' }));
const Millis = Nullable(Type.Integer({ description: 'Milliseconds' }));
const Limit = (fallback: number, maximum: number, description: string) => Type.Optional(Type.Integer({ minimum: 1, maximum, default: fallback, description }));

const RunSummary = Type.Object({
  id: Type.Integer(),
  testPlanId: Type.Integer(),
  buildNo: Nullable(Type.String()),
  result: ResultSchema,
  status: StatusSchema,
  startTime: Time,
  endTime: Time,
  duration: Millis,
  reRunParentId: Nullable(Type.Integer()),
  totalCount: Type.Integer(),
  passedCount: Type.Integer(),
  failedCount: Type.Integer(),
  abortedCount: Type.Integer(),
  stoppedCount: Type.Integer(),
  notExecutedCount: Type.Integer(),
  queuedCount: Type.Integer(),
  runningCount: Type.Integer(),
  skippedCount: Type.Integer(),
  passRate: Nullable(Type.Number({ description: 'passedCount / totalCount, 0..1; null when the run has no cases' })),
  consolidatedPassedCount: Type.Integer(),
  consolidatedTotalCount: Type.Integer(),
  consolidatedPassRate: Nullable(Type.Number({ description: 'The same after re-runs (reference.md §4.4)' })),
});

const PlanSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdDate: Time,
  runCount: Type.Integer(),
  latestRun: Nullable(RunSummary),
});

const PlanParams = Type.Object({ id: IdParam });
const WindowQuery = Type.Object(
  {
    runs: Limit(30, 500, 'How many of the plan\'s latest runs (re-runs excluded) to look at'),
    limit: Limit(10, 200, 'Most tests to return'),
  },
  { additionalProperties: false },
);

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

function presentRunSummary(row: RunRow) {
  return {
    id: row.id,
    testPlanId: row.test_plan_id,
    buildNo: row.build_no,
    result: row.result,
    status: row.status,
    startTime: formatApiTime(row.start_time),
    endTime: formatApiTime(row.end_time),
    duration: row.duration,
    reRunParentId: row.re_run_parent_id,
    totalCount: row.total_count,
    passedCount: row.passed_count,
    failedCount: row.failed_count,
    abortedCount: row.aborted_count,
    stoppedCount: row.stopped_count,
    notExecutedCount: row.not_executed_count,
    queuedCount: row.queued_count,
    runningCount: row.running_count,
    skippedCount: row.skipped_count,
    passRate: rate(row.passed_count, row.total_count),
    consolidatedPassedCount: row.c_passed_count,
    consolidatedTotalCount: row.c_total_count,
    consolidatedPassRate: rate(row.c_passed_count, row.c_total_count),
  };
}

type PlanWithLatest = Awaited<ReturnType<typeof listPlansWithLatestRun>>[number];
function presentPlan(plan: PlanWithLatest) {
  return {
    id: plan.id,
    name: plan.name,
    createdDate: formatApiTime(plan.created_at),
    runCount: plan.run_count,
    latestRun: plan.latest_run ? presentRunSummary(plan.latest_run) : null,
  };
}

export function analyticsRoutes(deps: AppDeps): FastifyPluginAsyncTypebox {
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
                Type.Object({
                  testCaseId: Type.Integer(),
                  name: Type.String(),
                  suiteName: Nullable(Type.String()),
                  failures: Type.Integer({ description: 'Failed results (one per machine per run)' }),
                  results: Type.Integer(),
                  runs: Type.Integer({ description: 'Runs in the window the test ran in' }),
                  failureRate: Nullable(Type.Number()),
                  lastFailedRunId: Nullable(Type.Integer()),
                  lastFailedCaseResultId: Nullable(Type.Integer()),
                }),
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
          content: rows.map((r) => ({
            testCaseId: r.test_case_id,
            name: r.name,
            suiteName: r.suite_name,
            failures: r.failures,
            results: r.results,
            runs: r.runs,
            failureRate: rate(r.failures, r.results),
            lastFailedRunId: r.last_failed_run_id,
            lastFailedCaseResultId: r.last_failed_case_result_id,
          })),
        };
      },
    );

    app.get(
      '/test_plans/:id/flaky_tests',
      {
        schema: {
          tags,
          operationId: 'listFlakyTests',
          summary: "Tests whose outcome flips between pass and fail across a plan's last N runs, most flips first",
          params: PlanParams,
          querystring: Type.Object(
            { ...WindowQuery.properties, minFlips: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 2, description: 'Fewest flips to count as flaky' })) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              testPlanId: Type.Integer(),
              runs: Type.Integer(),
              content: Type.Array(
                Type.Object({
                  testCaseId: Type.Integer(),
                  name: Type.String(),
                  flips: Type.Integer({ description: 'Times the outcome changed from one run to the next' }),
                  runs: Type.Integer({ description: 'Runs where the test passed or failed' }),
                  failedRuns: Type.Integer(),
                  lastRunId: Type.Integer(),
                  lastCaseResultId: Type.Integer(),
                }),
              ),
            }),
          },
        },
      },
      async (req) => {
        const plan = await planOr404(req.workspaceId, req.params.id);
        const runs = req.query.runs ?? 30;
        const rows = await flakyTests(db, req.workspaceId, plan.id, { runs, limit: req.query.limit ?? 10, minFlips: req.query.minFlips ?? 2 });
        return {
          testPlanId: plan.id,
          runs,
          content: rows.map((r) => ({
            testCaseId: r.test_case_id,
            name: r.name,
            flips: r.flips,
            runs: r.runs,
            failedRuns: r.failed_runs,
            lastRunId: r.last_run_id,
            lastCaseResultId: r.last_case_result_id,
          })),
        };
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
                Type.Object({
                  caseResultId: Type.Integer(),
                  runId: Type.Integer(),
                  testPlanId: Type.Integer(),
                  buildNo: Nullable(Type.String()),
                  result: ResultSchema,
                  status: StatusSchema,
                  duration: Millis,
                  startTime: Time,
                  runStartTime: Time,
                  message: Nullable(Type.String()),
                  machineResultId: Type.Integer(),
                  machineTitle: Type.String(),
                  reRunParentId: Nullable(Type.Integer()),
                }),
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
          content: rows.map((r) => ({
            caseResultId: r.id,
            runId: r.test_run_id,
            testPlanId: r.test_plan_id,
            buildNo: r.build_no,
            result: r.result,
            status: r.status,
            duration: r.duration,
            startTime: formatApiTime(r.start_time),
            runStartTime: formatApiTime(r.run_start_time),
            message: r.message,
            machineResultId: r.machine_result_id,
            machineTitle: r.machine_title,
            reRunParentId: r.re_run_parent_id,
          })),
        };
      },
    );
  };
}
