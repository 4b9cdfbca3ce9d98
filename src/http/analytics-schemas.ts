/** Response and query schemas of the analytics routes (routes/analytics-routes.ts). */
import { Type } from 'typebox';
import { COUNTERS } from '../core/counts.js';
import { Nullable } from '../core/schema.js';
import { RESULTS, STATUSES, type Result, type Status } from '../core/vocabulary.js';
import { IdParam } from './schemas.js';

export const tags = ['analytics'];
export const ResultSchema = Type.Unsafe<Result>({ type: 'string', enum: [...RESULTS] });
export const StatusSchema = Type.Unsafe<Status>({ type: 'string', enum: [...STATUSES] });
export const Time = Nullable(Type.String({ description: 'ISO-8601 UTC, e.g. 2024-05-29T07:29:19Z' }));
export const Millis = Nullable(Type.Integer({ description: 'Milliseconds' }));
export const Limit = (fallback: number, maximum: number, description: string) => Type.Optional(Type.Integer({ minimum: 1, maximum, default: fallback, description }));

export const RunSummary = Type.Object({
  id: Type.Integer(),
  testPlanId: Type.Integer(),
  buildNo: Nullable(Type.String()),
  result: ResultSchema,
  status: StatusSchema,
  startTime: Time,
  endTime: Time,
  duration: Millis,
  reRunParentId: Nullable(Type.Integer()),
  ...(Object.fromEntries(COUNTERS.map((c) => [c, Type.Integer()])) as Record<(typeof COUNTERS)[number], ReturnType<typeof Type.Integer>>),
  passRate: Nullable(Type.Number({ description: 'passedCount / totalCount, 0..1; null when the run has no cases' })),
  consolidatedPassedCount: Type.Integer(),
  consolidatedTotalCount: Type.Integer(),
  consolidatedPassRate: Nullable(Type.Number({ description: 'The same after re-runs (reference.md §4.4)' })),
});

export const PlanSummary = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  createdDate: Time,
  runCount: Type.Integer(),
  latestRun: Nullable(RunSummary),
});

export const PlanParams = Type.Object({ id: IdParam });
export const WindowQuery = Type.Object(
  {
    runs: Limit(30, 500, 'How many of the plan\'s latest runs (re-runs excluded) to look at'),
    limit: Limit(10, 200, 'Most tests to return'),
  },
  { additionalProperties: false },
);


export const FailingTest = Type.Object({
  testCaseId: Type.Integer(),
  name: Type.String(),
  suiteName: Nullable(Type.String()),
  failures: Type.Integer({ description: 'Failed results (one per machine per run)' }),
  results: Type.Integer(),
  runs: Type.Integer({ description: 'Runs in the window the test ran in' }),
  failureRate: Nullable(Type.Number()),
  lastFailedRunId: Nullable(Type.Integer()),
  lastFailedCaseResultId: Nullable(Type.Integer()),
});

export const FlakyTest = Type.Object({
  testCaseId: Type.Integer(),
  name: Type.String(),
  flips: Type.Integer({ description: 'Times the outcome changed from one run to the next' }),
  runs: Type.Integer({ description: 'Runs where the test passed or failed' }),
  failedRuns: Type.Integer(),
  lastRunId: Type.Integer(),
  lastCaseResultId: Type.Integer(),
  flipRate: Nullable(Type.Number({ description: 'flips / (runs - 1): flips per chance to flip' })),
});

export const HistoryEntry = Type.Object({
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
});

export const RetryFlakyTest = Type.Object({
  testCaseId: Type.Integer(),
  name: Type.String(),
  flakyRuns: Type.Integer({ description: 'Runs in the window where it failed, then passed on a retry' }),
  lastRunId: Type.Integer(),
  lastCaseResultId: Type.Integer(),
});
