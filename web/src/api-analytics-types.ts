/**
 * The bodies of the analytics, triage and session routes the UI reads (docs/ui.md, "Routes the UI uses");
 * the results API's are in api-types.ts. Only types: the UI never imports server code.
 */
import type { Counts, Result } from './api-types';

export interface RunSummary extends Counts {
  id: number;
  testPlanId: number;
  buildNo: string | null;
  result: Result;
  status: string;
  startTime: string | null;
  endTime: string | null;
  duration: number | null;
  reRunParentId: number | null;
  abortedCount: number;
  passRate: number | null;
  consolidatedPassedCount: number;
  consolidatedTotalCount: number;
  consolidatedPassRate: number | null;
}

export interface PlanSummary {
  id: number;
  name: string;
  createdDate: string | null;
  runCount: number;
  latestRun: RunSummary | null;
}

export interface FailingTest {
  testCaseId: number;
  name: string;
  suiteName: string | null;
  failures: number;
  results: number;
  runs: number;
  failureRate: number | null;
  lastFailedRunId: number | null;
  lastFailedCaseResultId: number | null;
}

export interface FlakyTest {
  testCaseId: number;
  name: string;
  flips: number;
  runs: number;
  failedRuns: number;
  lastRunId: number;
  lastCaseResultId: number;
  /** flips / (runs - 1): flips per chance to flip. */
  flipRate: number | null;
}

export interface HistoryEntry {
  caseResultId: number;
  runId: number;
  testPlanId: number;
  buildNo: string | null;
  result: Result;
  status: string;
  duration: number | null;
  startTime: string | null;
  runStartTime: string | null;
  message: string | null;
  machineResultId: number;
  machineTitle: string;
  reRunParentId: number | null;
}

export interface History {
  testCaseId: number;
  name: string;
  content: HistoryEntry[];
}

/** `GET /sessions/current`: who the browser is signed in as. */
export interface SessionInfo {
  workspaceId: number;
  workspaceName: string;
  authenticatedBy: 'session' | 'key';
  expiresAt: string | null;
  endsAt: string | null;
}

/** A failed case as the triage routes name it. */
export interface CaseRef {
  id: number;
  testCaseId: number;
  name: string;
  suiteName: string;
  machineTitle: string;
  message: string | null;
}

/** `GET /test_runs/{id}/failure_groups`: failures grouped by cause. */
export interface FailureGroup {
  fingerprint: string;
  errorType: string | null;
  message: string | null;
  normalizedMessage: string;
  topFrame: string | null;
  count: number;
  firstSeenRunId: number;
  new: boolean;
  cases: CaseRef[];
}

export interface FailureGroups {
  testRunId: number;
  failedCount: number;
  content: FailureGroup[];
}

export interface ComparedCase extends CaseRef {
  result: Result;
  duration: number | null;
}

/** `GET /test_runs/{id}/compare?with=`: this run against a base run. */
export interface Comparison {
  testRunId: number;
  baseRunId: number | null;
  newFailures: ComparedCase[];
  fixed: ComparedCase[];
  stillFailing: ComparedCase[];
  added: ComparedCase[];
  removed: ComparedCase[];
  slower: { current: ComparedCase; baseDuration: number; factor: number }[];
}

/** `GET /quarantines`, `PUT /test_cases/{id}/quarantine`. */
export interface Quarantine {
  testCaseId: number;
  name: string;
  reason: string;
  until: string | null;
  active: boolean;
  createdDate: string;
}

/** `GET /test_plans/{id}/retry_flaky_tests`: failed, then passed on a retry within a run. */
export interface RetryFlakyTest {
  testCaseId: number;
  name: string;
  flakyRuns: number;
  lastRunId: number;
  lastCaseResultId: number;
}

/** The flaky lists state the definition they applied. */
export interface Defined<T> {
  testPlanId: number;
  runs: number;
  definition: string;
  content: T[];
}
