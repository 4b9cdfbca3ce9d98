/**
 * The read-only legacy v1 routes that real CI scripts call (contract "Routes", reference.md §9–§11):
 * poll a run's status (cloud `execution_results/{id}`, and the OSS `test_plan_results/{id}` the Jenkins
 * plugin polls), read its case results, find a plan's latest run, fetch the JUnit report.
 * Registered under /api/v1, behind the same API-key hook as the rest of /api.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { VerdictError, notFound } from '../../core/errors.js';
import { RESULTS, STATUSES } from '../../core/vocabulary.js';
import { pageBody } from '../../query/index.js';
import { casesByIds, pageOfIds, runsByIds } from '../../store/list-repository.js';
import { caseRowsOfRun, findPlan, findRunChain, machinesOfRun } from '../../store/report-repository.js';
import { findRun, findRunWithPlan } from '../../store/run-repository.js';
import type { RouteDeps } from '../app.js';
import { junitReport } from '../junit-report.js';
import { ListQuerySchema, planList, type ListParams } from '../list-request.js';
import { PageSchema, documentOnly, errorResponses } from '../openapi-schemas.js';
import { IdParam } from '../schemas.js';
import { presentV1Case, presentV1Run, presentV1RunCases } from '../v1-presenters.js';
import { LIST_LEVELS } from './list-routes.js';

const tags = ['v1'];
const Millis = Type.Union([Type.Integer({ description: 'Epoch milliseconds' }), Type.Null()]);
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Result = Type.String({ enum: [...RESULTS] });
const Status = Type.String({ enum: [...STATUSES], description: 'STATUS_CREATED/STATUS_IN_PROGRESS: wait; STATUS_COMPLETED: done' });

export const V1RunBody = Type.Object(
  {
    id: Type.Integer({ description: 'The run id' }), executionId: Type.Integer({ description: 'The test plan id' }), startTime: Millis, endTime: Millis, duration: Millis,
    result: Result, status: Status, message: Nullable(Type.String()), executedBy: Nullable(Type.String()), buildNo: Nullable(Type.String()), environmentId: Type.Union([Type.Integer(), Type.Null()]),
    totalCount: Type.Integer(), failedCount: Type.Integer(), passedCount: Type.Integer(), abortedCount: Type.Integer(), stoppedCount: Type.Integer(),
    notExecutedCount: Type.Integer(), preRequisiteFailedCount: Type.Integer(), queuedCount: Type.Integer(), isVisuallyPassed: Type.Null(),
    reRunParentId: Type.Union([Type.Integer(), Type.Null()]), reRunType: Nullable(Type.String()), triggeredType: Type.String(), totalRunningCount: Type.Integer(),
    totalQueuedCount: Type.Integer(), consolidatedResult: Result, consolidatedStatus: Status, resultType: Type.String({ enum: ['ORIGINAL', 'RE_RUN'] }),
    consolidatedDuration: Millis, executionName: Nullable(Type.String()), app_url: Type.String(), childResult: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]),
  },
  { additionalProperties: true, description: 'A run, flat, epoch-millis times; top-level status and result come before any nested object' },
);
const V1CaseBody = Type.Object(
  { id: Type.Integer(), executionResultId: Type.Integer(), testCaseId: Type.Integer(), testCaseName: Type.String(), result: Result, status: Status, message: Nullable(Type.String()) },
  { additionalProperties: true, description: 'A test case result, flat' },
);
const V1RunCasesBody = Type.Object({
  executionId: Type.Integer(), executionResultId: Type.Integer(), result: Result, status: Status,
  testCases: Type.Array(
    Type.Object(
      {
        testCaseId: Type.Integer(), testCaseName: Type.String(), testCaseResultId: Type.Integer(), result: Result, isDataDrivenCase: Type.Boolean(),
        testSuiteId: Type.Integer(), testSuiteName: Type.String(), testSuiteResultId: Type.Integer(), machineId: Type.Null(), machineTitle: Type.String(), machineResultId: Type.Integer(),
        iterationResults: Type.Array(Type.Object({ iterationResultId: Type.Integer(), setName: Nullable(Type.String()), result: Result })),
      },
      { additionalProperties: true },
    ),
  ),
});

const RunIdParams = Type.Object({ runId: IdParam });
const PlanIdParams = Type.Object({ testPlanId: IdParam });
const CasesQuery = Type.Object({ executionResultId: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The run id' }), ...ListQuerySchema.properties });
const PlanRunsQuery = Type.Object({ executionId: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The test plan id' }), ...ListQuerySchema.properties });
const PLAN_RUNS_NOTE = 'Takes the same `query`, `page`, `size` and sort parameters as the v2/v3 run list.';

export function v1Routes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.store;
  const publicUrl = deps.config.publicUrl.replace(/\/+$/, '');
  return async (app) => {
    // Bodies are written by the presenters in the order clients rely on; the schemas above only document them.
    app.setSerializerCompiler(() => (data) => JSON.stringify(data));

    async function runBody(workspaceId: number, runId: number) {
      const chain = await findRunChain(db, workspaceId, runId);
      if (!chain) throw notFound(`test run ${runId}`);
      return presentV1Run(chain[0]!, publicUrl, chain);
    }

    app.get(
      '/execution_results/:runId',
      { schema: { tags, operationId: 'v1GetExecutionResult', summary: 'A run, flat, for CI polling (poll until status is STATUS_COMPLETED)', params: RunIdParams, response: { 200: documentOnly(V1RunBody), ...errorResponses } } },
      async (req) => runBody(req.workspaceId, req.params.runId),
    );

    app.get(
      '/test_plan_results/:runId',
      { schema: { tags, operationId: 'v1GetTestPlanResult', summary: 'The same run body, at the path the Jenkins plugin polls (waits while status is STATUS_IN_PROGRESS)', params: RunIdParams, response: { 200: documentOnly(V1RunBody), ...errorResponses } } },
      async (req) => runBody(req.workspaceId, req.params.runId),
    );

    app.get(
      '/execution_results/:runId/test_case_results',
      { schema: { tags, operationId: 'v1GetExecutionResultCases', summary: "A run's test case results, iterations nested under their data-driven case", params: RunIdParams, response: { 200: documentOnly(V1RunCasesBody), ...errorResponses } } },
      async (req) => {
        const run = await findRun(db, req.workspaceId, req.params.runId);
        if (!run) throw notFound(`test run ${req.params.runId}`);
        return presentV1RunCases(run, await caseRowsOfRun(db, req.workspaceId, run.id));
      },
    );

    app.get(
      '/test_case_results',
      {
        schema: {
          tags,
          operationId: 'v1ListTestCaseResults',
          summary: "A page of a run's test case results (`executionResultId` = the run id)",
          description: 'Takes the same `query`, `page`, `size` and sort parameters as the v2/v3 case list (default size 50).',
          querystring: CasesQuery,
          response: { 200: PageSchema(V1CaseBody, 'A page of test case results'), ...errorResponses },
        },
      },
      async (req) => {
        const plan = planList(req.query, LIST_LEVELS.cases);
        const run = await findRun(db, req.workspaceId, req.query.executionResultId);
        if (!run) throw notFound(`test run ${req.query.executionResultId}`);
        const { ids, total } = await pageOfIds<number>(db, 'cases', { ...plan.ids, scope: (eb) => eb('c.test_run_id', '=', run.id) });
        const rows = await casesByIds(db, req.workspaceId, ids);
        return pageBody(rows.map(presentV1Case), { page: plan.page, size: plan.size, totalElements: total, sort: plan.sort });
      },
    );

    /** A page of one plan's runs; an unknown plan (or another workspace's) is a 404. */
    async function planRuns(workspaceId: number, planId: number, query: ListParams) {
      const plan = planList(query, LIST_LEVELS.runs);
      const testPlan = await findPlan(db, workspaceId, planId);
      if (!testPlan) throw notFound(`test plan ${planId}`);
      const { ids, total } = await pageOfIds<number>(db, 'runs', { ...plan.ids, scope: (eb) => eb.and([eb('r.workspace_id', '=', workspaceId), eb('r.test_plan_id', '=', testPlan.id)]) });
      const rows = await runsByIds(db, workspaceId, ids);
      return pageBody(rows.map((row) => presentV1Run(row, publicUrl)), { page: plan.page, size: plan.size, totalElements: total, sort: plan.sort });
    }

    app.get(
      '/executions/:testPlanId/test_plan_results',
      {
        schema: {
          tags,
          operationId: 'v1ListPlanRuns',
          summary: "A test plan's runs, newest first (`?page=0&size=1&sortBy=id&direction=DESC` finds the latest)",
          description: PLAN_RUNS_NOTE,
          params: PlanIdParams,
          querystring: ListQuerySchema,
          response: { 200: PageSchema(V1RunBody, 'A page of runs, flat'), ...errorResponses },
        },
      },
      async (req) => planRuns(req.workspaceId, req.params.testPlanId, req.query),
    );

    app.get(
      '/execution_results',
      {
        schema: {
          tags,
          operationId: 'v1ListExecutionResults',
          summary: "The same page of a plan's runs, with the plan as `executionId` (`?executionId=420&page=0&size=1&sortBy=id&direction=DESC`)",
          description: PLAN_RUNS_NOTE,
          querystring: PlanRunsQuery,
          response: { 200: PageSchema(V1RunBody, 'A page of runs, flat'), ...errorResponses },
        },
      },
      async (req) => planRuns(req.workspaceId, req.query.executionId, req.query),
    );

    app.get(
      '/reports/junit/:runId',
      {
        schema: {
          tags,
          operationId: 'v1GetJunitReport',
          summary: 'The JUnit XML report of a completed run (one <testsuite> per machine result)',
          description: 'application/xml in the format of the original (reference.md §9). A run that is not completed is a 409 with the JSON error body.',
          params: RunIdParams,
          response: { 200: { description: 'JUnit XML', content: { 'application/xml': { schema: { type: 'string' } } } }, 409: { $ref: 'ErrorBody#', description: 'The run is not completed yet' }, ...errorResponses },
        },
      },
      async (req, reply) => {
        const run = await findRunWithPlan(db, req.workspaceId, req.params.runId);
        if (!run) throw notFound(`test run ${req.params.runId}`);
        if (run.status !== 'STATUS_COMPLETED') throw new VerdictError('CONFLICT', `Report generation failed, test run ${run.id} is not completed (${run.status})`);
        const [machines, cases] = await Promise.all([machinesOfRun(db, req.workspaceId, run.id), caseRowsOfRun(db, req.workspaceId, run.id)]);
        const xml = junitReport({
          planName: run.plan_name,
          reportsUrl: `${publicUrl}/runs/${run.id}`,
          machines: machines.map((m) => ({
            title: m.title,
            startTime: m.start_time,
            duration: m.duration,
            cases: cases.filter((c) => c.machine_result_id === m.id).map((c) => ({ name: c.name, suiteName: c.suite_name, duration: c.duration, result: c.result, message: c.message })),
          })),
        });
        return reply.type('application/xml; charset=utf-8').send(xml);
      },
    );
  };
}
