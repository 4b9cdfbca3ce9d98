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
  /** The failure's category (Allure's categories.json). */
  category?: string | null;
}

/** A parameter as it may be shown: a masked one comes without its value. */
export interface Parameter {
  name: string;
  value?: string;
  masked?: boolean;
  excluded?: boolean;
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
  labels?: { name: string; value: string }[];
  links?: { url: string; name: string | null; type: string | null }[] | null;
  parameters?: Parameter[] | null;
  category?: string | null;
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
  parameters?: Parameter[] | null;
}

export interface Page<T> {
  content: T[];
  totalElements: number;
  totalPages: number;
  number: number;
  size: number;
  last: boolean;
}

/** The API's error body (reference.md §7); `position`/`length` locate a query-language error. */
export interface ErrorBody {
  error: string;
  code: string;
  position?: number;
  length?: number;
}
