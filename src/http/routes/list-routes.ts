/**
 * The list routes of the results API (R2, R4, R6, R8, R10, and R9, which is the same page), served under
 * /api/v2 and /api/v3 alike: `query=` filter, paging and sorting, Spring page body plus `pagination`.
 * Each list is scoped by the key's workspace and by the run (and case) in its path; an id outside the
 * workspace is a 404, exactly like a missing one.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../core/errors.js';
import { pageBody } from '../../query/index.js';
import { CASE_FIELDS, MACHINE_FIELDS, RUN_FIELDS, STEP_FIELDS, SUITE_FIELDS } from '../list-fields.js';
import { casesByIds, machinesByIds, pageOfIds, runsByIds, stepsByIds, suitesByIds } from '../../store/list-repository.js';
import { findCaseResult, findRun } from '../../store/run-repository.js';
import type { RouteDeps } from '../app.js';
import { planList, ListQuerySchema, type LevelOptions } from '../list-request.js';
import { CasePageSchema, MachinePageSchema, RunPageSchema, StepPageSchema, SuitePageSchema, errorResponses } from '../openapi-schemas.js';
import { presentCase, presentMachine, presentRun, presentStep, presentSuite } from '../presenters.js';
import { IdParam } from '../schemas.js';

/**
 * Default orders: newest run first; inside a run, execution order. Machines and suites by their position
 * (a suite's machine first); cases by start time, then id (ids follow the order results arrived in; cases
 * not started yet come last). A case's `position` counts within its suite, so it cannot order a whole run,
 * and start time can, from an index, however deep the page.
 */
export const LIST_LEVELS = {
  runs: { fields: RUN_FIELDS, defaultOrder: [{ column: 'r.id', direction: 'desc' }], tiebreaker: 'r.id', defaultSize: 50 },
  machines: { fields: MACHINE_FIELDS, defaultOrder: [{ column: 'm.position', direction: 'asc' }, { column: 'm.id', direction: 'asc' }], tiebreaker: 'm.id', defaultSize: 50 },
  suites: {
    fields: SUITE_FIELDS,
    defaultOrder: [{ column: 'sm.position', direction: 'asc' }, { column: 's.position', direction: 'asc' }, { column: 's.id', direction: 'asc' }],
    defaultJoins: ['sm'],
    tiebreaker: 's.id',
    defaultSize: 50,
  },
  cases: { fields: CASE_FIELDS, defaultOrder: [{ column: 'c.start_time', direction: 'asc', nullable: true }, { column: 'c.id', direction: 'asc' }], tiebreaker: 'c.id', defaultSize: 50 },
  steps: { fields: STEP_FIELDS, defaultOrder: [{ column: 'st.position', direction: 'asc' }, { column: 'st.id', direction: 'asc' }], tiebreaker: 'st.id', defaultSize: 100 },
} as const satisfies Record<string, LevelOptions>;

const RunParams = Type.Object({ run_id: IdParam });
const CaseParams = Type.Object({ run_id: IdParam, id: IdParam });
const tags = ['results'];
const QUERY_NOTE = 'Filter with `query=` (docs/query-language.md), page with `page`/`size`, sort with `sort=prop,dir` or `sortBy`/`direction`.';

export function listRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.store;
  return async (app) => {
    // Bodies are written by the presenters in the order clients rely on; response schemas only document them.
    app.setSerializerCompiler(() => (data) => JSON.stringify(data));

    app.get(
      '/test_runs',
      {
        schema: {
          tags,
          operationId: 'listTestRuns',
          summary: "The workspace's test runs, newest first (R2)",
          description: `${QUERY_NOTE} Filterable: ${Object.keys(RUN_FIELDS).join(', ')}.`,
          querystring: ListQuerySchema,
          response: { 200: RunPageSchema, ...errorResponses },
        },
      },
      async (req) => {
        const plan = planList(req.query, LIST_LEVELS.runs);
        const { ids, total } = await pageOfIds<number>(db, 'runs', { ...plan.ids, scope: (eb) => eb('r.workspace_id', '=', req.workspaceId) });
        const rows = await runsByIds(db, req.workspaceId, ids);
        return pageBody(rows.map(presentRun), { page: plan.page, size: plan.size, totalElements: total, sort: plan.sort });
      },
    );

    /** Lists inside one run: the run must be the workspace's; the list is then scoped by the run alone. */
    async function requireRun(workspaceId: number, runId: number) {
      const run = await findRun(db, workspaceId, runId);
      if (!run) throw notFound(`test run ${runId}`);
    }

    app.get(
      '/test_runs/:run_id/test_machine_results',
      {
        schema: {
          tags,
          operationId: 'listMachineResults',
          summary: 'The machine results of a run, in execution order (R4)',
          description: `${QUERY_NOTE} Filterable: ${Object.keys(MACHINE_FIELDS).join(', ')}.`,
          params: RunParams,
          querystring: ListQuerySchema,
          response: { 200: MachinePageSchema, ...errorResponses },
        },
      },
      async (req) => {
        const plan = planList(req.query, LIST_LEVELS.machines);
        await requireRun(req.workspaceId, req.params.run_id);
        const { ids, total } = await pageOfIds<number>(db, 'machines', { ...plan.ids, scope: (eb) => eb('m.test_run_id', '=', req.params.run_id) });
        const rows = await machinesByIds(db, req.workspaceId, ids);
        return pageBody(rows.map(presentMachine), { page: plan.page, size: plan.size, totalElements: total, sort: plan.sort });
      },
    );

    app.get(
      '/test_runs/:run_id/test_suite_results',
      {
        schema: {
          tags,
          operationId: 'listSuiteResults',
          summary: 'The suite results of a run, in execution order (R6)',
          description: `${QUERY_NOTE} Filterable: ${Object.keys(SUITE_FIELDS).join(', ')}.`,
          params: RunParams,
          querystring: ListQuerySchema,
          response: { 200: SuitePageSchema, ...errorResponses },
        },
      },
      async (req) => {
        const plan = planList(req.query, LIST_LEVELS.suites);
        await requireRun(req.workspaceId, req.params.run_id);
        const { ids, total } = await pageOfIds<number>(db, 'suites', { ...plan.ids, scope: (eb) => eb('s.test_run_id', '=', req.params.run_id) });
        const rows = await suitesByIds(db, req.workspaceId, ids);
        return pageBody(rows.map(presentSuite), { page: plan.page, size: plan.size, totalElements: total, sort: plan.sort });
      },
    );

    app.get(
      '/test_runs/:run_id/test_case_results',
      {
        schema: {
          tags,
          operationId: 'listCaseResults',
          summary: 'The test case results of a run, in execution order, data-driven iteration rows included (R8)',
          description:
            `${QUERY_NOTE} Filterable: ${Object.keys(CASE_FIELDS).join(', ')}. ` +
            'Iteration rows of data-driven cases are listed too (as the original does); `iteration:null` lists only the cases themselves, `parentId:<id>` the iterations of one case.',
          params: RunParams,
          querystring: ListQuerySchema,
          response: { 200: CasePageSchema, ...errorResponses },
        },
      },
      async (req) => {
        const plan = planList(req.query, LIST_LEVELS.cases);
        await requireRun(req.workspaceId, req.params.run_id);
        const { ids, total } = await pageOfIds<number>(db, 'cases', { ...plan.ids, scope: (eb) => eb('c.test_run_id', '=', req.params.run_id) });
        const rows = await casesByIds(db, req.workspaceId, ids);
        return pageBody(rows.map(presentCase), { page: plan.page, size: plan.size, totalElements: total, sort: plan.sort });
      },
    );

    const stepsOptions = {
      schema: {
        tags,
        summary: 'The step results of a test case result, always a page, depth-first order (R9/R10)',
        description: `${QUERY_NOTE} Default size 100. Filterable: ${Object.keys(STEP_FIELDS).join(', ')}.`,
        params: CaseParams,
        querystring: ListQuerySchema,
        response: { 200: StepPageSchema, ...errorResponses },
      },
    };
    const steps = async (req: { workspaceId: number; params: { run_id: number; id: number }; query: Parameters<typeof planList>[0] }) => {
      const plan = planList(req.query, LIST_LEVELS.steps);
      const testCase = await findCaseResult(db, req.workspaceId, req.params.run_id, req.params.id);
      if (!testCase) throw notFound(`test case result ${req.params.id} of test run ${req.params.run_id}`);
      const { ids, total } = await pageOfIds<string>(db, 'steps', { ...plan.ids, scope: (eb) => eb('st.case_result_id', '=', testCase.id) });
      const rows = await stepsByIds(db, req.workspaceId, ids);
      return pageBody(rows.map(presentStep), { page: plan.page, size: plan.size, totalElements: total, sort: plan.sort });
    };
    const named = (operationId: string) => ({ schema: { ...stepsOptions.schema, operationId } });
    app.get('/test_runs/:run_id/test_case_results/:id/step_results', named('listStepResults'), steps);
    app.get('/test_runs/:run_id/test_case_results/:id/step_results/', named('getStepResults'), steps);
  };
}
