/**
 * The get-one routes of the results API (R1, R3, R5, R7), served under /api/v2 and /api/v3 alike.
 * R9 (the steps of a case, always a page) is served with the lists (list-routes.ts).
 * A child id that does not belong to the run in its path is a 404, exactly like a missing id.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../core/errors.js';
import { labelsOfCase } from '../../store/label-repository.js';
import { findCaseResult, findMachineResult, findRun, findRunWithPlan, findSuiteResult } from '../../store/run-repository.js';
import { warningsOfRun } from '../../store/warning-repository.js';
import type { RouteDeps } from '../app.js';
import { presentCase, presentCaseDetails, presentMachine, presentRun, presentSuite, presentWarning } from '../presenters.js';
import { IdParam } from '../schemas.js';

const RunParams = Type.Object({ run_id: IdParam });
const ChildParams = Type.Object({ run_id: IdParam, id: IdParam });
const tags = ['results'];

export function resultsRoutes(deps: RouteDeps): FastifyPluginAsyncTypebox {
  const { db } = deps.store;
  return async (app) => {
    app.get('/test_runs/:run_id', { schema: { tags, operationId: 'getTestRun', summary: 'A test run (plan result) with its metrics (R1)', params: RunParams } }, async (req) => {
      const row = await findRunWithPlan(db, req.workspaceId, req.params.run_id);
      if (!row) throw notFound(`test run ${req.params.run_id}`);
      return presentRun(row);
    });

    app.get('/test_runs/:run_id/test_machine_results/:id', { schema: { tags, operationId: 'getMachineResult', summary: 'A machine result (R3)', params: ChildParams } }, async (req) => {
      const row = await findMachineResult(db, req.workspaceId, req.params.run_id, req.params.id);
      if (!row) throw notFound(`machine result ${req.params.id} of test run ${req.params.run_id}`);
      return presentMachine(row);
    });

    app.get('/test_runs/:run_id/test_suite_results/:id', { schema: { tags, operationId: 'getSuiteResult', summary: 'A suite result, by suite-result id (R5)', params: ChildParams } }, async (req) => {
      const row = await findSuiteResult(db, req.workspaceId, req.params.run_id, req.params.id);
      if (!row) throw notFound(`suite result ${req.params.id} of test run ${req.params.run_id}`);
      return presentSuite(row);
    });

    app.get('/test_runs/:run_id/test_case_results/:id', { schema: { tags, operationId: 'getCaseResult', summary: 'A test case result (R7)', params: ChildParams } }, async (req) => {
      const row = await findCaseResult(db, req.workspaceId, req.params.run_id, req.params.id);
      if (!row) throw notFound(`test case result ${req.params.id} of test run ${req.params.run_id}`);
      return presentCase(row);
    });

    app.get(
      '/test_runs/:run_id/test_case_results/:id/details',
      { schema: { tags, operationId: 'getCaseResultDetails', summary: "What a report said about a test beyond its result: stack trace, output, earlier attempts, properties, labels, links, parameters, category (Verdict's own)", params: ChildParams } },
      async (req) => {
        const row = await findCaseResult(db, req.workspaceId, req.params.run_id, req.params.id);
        if (!row) throw notFound(`test case result ${req.params.id} of test run ${req.params.run_id}`);
        const labels = await labelsOfCase(db, req.workspaceId, row.parent_id ?? row.id);
        return { id: row.id, ...presentCaseDetails(row, labels) };
      },
    );
    app.get(
      '/test_runs/:run_id/warnings',
      { schema: { tags, operationId: 'getTestRunWarnings', summary: "What the importers tolerated in the run's reports: repaired XML, a file cut off mid-write, merged retries, CTRF schema deviations (Verdict's own)", params: RunParams } },
      async (req) => {
        const run = await findRun(db, req.workspaceId, req.params.run_id);
        if (!run) throw notFound(`test run ${req.params.run_id}`);
        return { testRunId: run.id, warnings: (await warningsOfRun(db, req.workspaceId, run.id)).map(presentWarning) };
      },
    );
    // R9 (a case's step results) is a page: it lives with the other lists, in list-routes.ts.
  };
}
