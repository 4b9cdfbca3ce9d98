/**
 * The run document: the one shape every way into Verdict produces.
 *
 * `POST /api/v3/test_runs` takes it as JSON, and every importer (JUnit, CTRF, TRX, NUnit, xUnit) is a pure
 * function from report bytes to a RunDocument. Names are the results API's own names. Anything that can be
 * derived (results of parents, counts, durations) may be left out and is derived on ingestion.
 *
 * Times are ISO-8601 strings (any offset; stored as UTC) and durations integer milliseconds.
 * `result` accepts the canonical names plus the input aliases PASSED, FAILED and SKIPPED
 * (SKIPPED is stored as NOT_EXECUTED and counted in skippedCount too).
 */
import type { ReRunType, StepConditionType, StepPriority, StepType, TriggeredType } from '../core/vocabulary.js';
import type { Result } from '../core/vocabulary.js';

export type InputResult = Result | 'PASSED' | 'FAILED' | 'SKIPPED';

export interface RunDocument {
  /** Test plan name; the plan is created on first use within the workspace. */
  testPlan: string;
  buildNo?: string | null;
  triggeredType?: TriggeredType | null;
  executor?: string | null;
  startTime?: string | null;
  endTime?: string | null;
  duration?: number | null;
  /** Id of the run this one re-runs (a re-run chain: original -> rerun1 -> rerun2). */
  reRunParentId?: number | null;
  reRunType?: ReRunType | null;
  /** Free-form facts about the build: commit, branch, job URL, CI name... */
  environment?: Record<string, string> | null;
  machines: MachineDocument[];
}

export interface DeviceConfigurationDocument {
  title?: string | null;
  osVersion?: string | null;
  browser?: string | null;
  browserVersion?: string | null;
  resolution?: string | null;
  platform?: string | null;
  deviceName?: string | null;
  hostName?: string | null;
  osType?: string | null;
}

export interface MachineDocument {
  deviceConfiguration?: DeviceConfigurationDocument | null;
  appDetails?: Record<string, unknown> | null;
  startTime?: string | null;
  endTime?: string | null;
  duration?: number | null;
  suites: SuiteDocument[];
}

export interface SuiteDocument {
  name: string;
  startTime?: string | null;
  endTime?: string | null;
  duration?: number | null;
  cases: CaseDocument[];
}

/** One earlier attempt of a test that the report retried (surefire rerunFailure, CTRF retryAttempts...). */
export interface AttemptDocument {
  result: InputResult;
  message?: string | null;
  duration?: number | null;
  stackTrace?: string | null;
}

export interface CaseDocument {
  name: string;
  result?: InputResult | null;
  message?: string | null;
  startTime?: string | null;
  endTime?: string | null;
  duration?: number | null;
  isDataDriven?: boolean | null;
  isDisabled?: boolean | null;
  /** Data-driven iterations (each a case of its own, named after its data set). */
  iterations?: IterationDocument[] | null;
  steps?: StepDocument[] | null;
  /**
   * What links this test across runs when its display name is not enough (e.g. JUnit classname + name).
   * Defaults to the suite name and case name.
   */
  identity?: string | null;
  /** Failure details as the report gives them. */
  errorType?: string | null;
  stackTrace?: string | null;
  systemOut?: string | null;
  systemErr?: string | null;
  /** Earlier attempts, oldest first; the case's own result is the final attempt. */
  attempts?: AttemptDocument[] | null;
  /** True when the tool marked the test flaky, or it passed only after a retry. */
  flaky?: boolean | null;
  /** Extra key/value facts (JUnit properties, CTRF tags, file, classname...). */
  properties?: Record<string, string> | null;
}

export interface IterationDocument {
  /** Data set name. */
  name: string;
  result?: InputResult | null;
  message?: string | null;
  startTime?: string | null;
  endTime?: string | null;
  duration?: number | null;
  steps?: StepDocument[] | null;
}

export interface StepDocument {
  action: string;
  type?: StepType | null;
  priority?: StepPriority | null;
  result?: InputResult | null;
  message?: string | null;
  errorCode?: number | null;
  errorType?: string | null;
  startTime?: string | null;
  endTime?: string | null;
  duration?: number | null;
  /** if/else/loop steps: excluded from the case's counts (reference.md §4.1). */
  conditionType?: StepConditionType | null;
  /** The step's result does not count towards its case. */
  ignoreResult?: boolean | null;
  /** Children of a STEP_GROUP (or of a loop). */
  steps?: StepDocument[] | null;
}
