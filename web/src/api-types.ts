/**
 * The subset of the API's bodies the UI reads (docs: /api/docs, the OpenAPI document at /api/openapi.json).
 * Only types: the UI never imports server code, so these restate what the server answers.
 */
export type Result = 'SUCCESS' | 'FAILURE' | 'ABORTED' | 'NOT_EXECUTED' | 'QUEUED' | 'STOPPED';

export interface Counts {
  totalCount: number;
  passedCount: number;
  failedCount: number;
  stoppedCount: number;
  notExecutedCount: number;
  queuedCount: number;
  runningCount: number;
  skippedCount?: number;
}

export interface RunMetrics extends Counts {
  consolidatedPlanTotalCount: number;
  consolidatedPlanPassedCount: number;
  consolidatedPlanFailedCount: number;
  consolidatedPlanStoppedCount: number;
  consolidatedPlanNotExecutedCount: number;
  consolidatedPlanQueuedCount: number;
  consolidatedPlanRunningCount: number;
  consolidatedPlanSkippedCount?: number;
  latestResult: Result;
  duration: number | null;
  consolidatedDuration: number | null;
}

export interface TestRun {
  id: number;
  testPlanId: number;
  buildNo: string | null;
  result: Result;
  startTime: string | null;
  endTime: string | null;
  duration: number | null;
  executor: string | null;
  triggeredType: string;
  metrics: RunMetrics;
  status: string;
  message: string | null;
  reRunParentId: number | null;
  reRunType: string | null;
  testPlanName: string | null;
  environment: Record<string, string> | null;
}

export interface NodeMetrics extends Counts {
  consolidatedTotalCount?: number;
  consolidatedPassedCount?: number;
  consolidatedFailedCount?: number;
  duration: number | null;
}

export interface MachineResult {
  id: number;
  testRunId: number;
  result: Result;
  startTime: string | null;
  duration: number | null;
  deviceConfiguration: { title: string | null; browser: string | null; browserVersion: string | null; platform: string | null; osVersion: string | null };
  metrics: NodeMetrics;
}

export interface SuiteResult {
  id: number;
  suiteId: number;
  testMachineRunId: number;
  result: Result;
  duration: number | null;
  name: string;
  metrics: NodeMetrics;
  /** Why a suite is ABORTED when a report ended inside it. */
  message?: string | null;
}

/** What an importer tolerated in one of the run's reports (GET /test_runs/{id}/warnings). */
export interface ImportWarning {
  file: string;
  code: 'repaired-xml' | 'truncated' | 'merged-retries' | 'schema-deviation' | 'ignored-content';
  message: string;
  line: number | null;
  column: number | null;
}

export interface RunWarnings {
  testRunId: number;
  warnings: ImportWarning[];
}

export interface CaseResult {
  id: number;
  testCaseId: number;
  startTime: string | null;
  endTime: string | null;
  duration: number | null;
  result: Result;
  isDataDriven: boolean;
  metrics: Counts;
  name: string;
  message: string | null;
  status: string;
  testRunId: number;
  testSuiteResultId: number;
  testMachineResultId: number;
  parentId: number | null;
  iteration: number | null;
  dataSetName: string | null;
  skipped: boolean;
  flaky: boolean;
  errorType: string | null;
  reRunParentId: number | null;
}

/** `GET .../test_case_results/{id}/attachments`: screenshots, logs, files of a case and its steps. */
export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  testCaseResultId: number | null;
  stepResultId: string | null;
  createdDate: string;
  url: string;
}

/** `GET .../test_case_results/{id}/details`: what a report said beyond the result. */
export interface CaseDetails {
  id: number;
  stackTrace: string | null;
  systemOut: string | null;
  systemErr: string | null;
  attempts: { result: string; message?: string | null; duration?: number | null; stackTrace?: string | null }[] | null;
  properties: Record<string, string> | null;
}

export interface StepResult {
  id: string;
  stepId: number;
  type: string;
  action: string;
  message: string | null;
  errorCode: number | null;
  errorType: string | null;
  result: Result;
  startTime: string | null;
  duration: number | null;
  priority: string;
  parentStepResultId: string | null;
  depth: number;
  skipped: boolean;
}

export interface Page<T> {
  content: T[];
  totalElements: number;
  totalPages: number;
  number: number;
  size: number;
  last: boolean;
}

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

/** The API's error body (reference.md §7); `position`/`length` locate a query-language error. */
export interface ErrorBody {
  error: string;
  code: string;
  position?: number;
  length?: number;
}
