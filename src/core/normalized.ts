/**
 * A run document after validation and derivation: every result, time, duration and count is known.
 * The store writes these as they are.
 */
import type { Counts } from './counts.js';
import type { Millis } from './time.js';
import type { ReRunType, Result, Status, StepConditionType, StepPriority, StepType, TriggeredType } from './vocabulary.js';
import type { AttemptDocument, DeviceConfigurationDocument, LabelDocument, LinkDocument, ParameterDocument } from './document.js';

/** Fixed ids, used only by trusted loaders (the seed fixture, the demo); never from HTTP. */
export interface FixedIds {
  id?: number;
  metricsId?: number;
  /** Identity ids: testPlanId, suiteId, testCaseId, stepId. */
  identityId?: number;
  /** Step results have UUID ids. */
  uuid?: string;
}

interface Timed {
  startTime: Millis | null;
  endTime: Millis | null;
  duration: number | null;
}

export interface NormalizedStep extends Timed {
  fixed?: FixedIds;
  /** Position path within the case, e.g. "3" or "2.1": the step's identity within its test case. */
  pathKey: string;
  action: string;
  type: StepType;
  priority: StepPriority;
  result: Result;
  skipped: boolean;
  message: string | null;
  errorCode: number | null;
  errorType: string | null;
  conditionType: StepConditionType;
  ignoreResult: boolean;
  parameters: ParameterDocument[] | null;
  children: NormalizedStep[];
}

export interface NormalizedCase extends Timed {
  fixed?: FixedIds;
  name: string;
  identity: string;
  result: Result;
  status: Status;
  skipped: boolean;
  message: string | null;
  isDataDriven: boolean;
  isDisabled: boolean;
  /** For iteration rows: 1-based index and data set name. */
  iteration: number | null;
  dataSetName: string | null;
  errorType: string | null;
  stackTrace: string | null;
  systemOut: string | null;
  systemErr: string | null;
  attempts: AttemptDocument[] | null;
  flaky: boolean;
  properties: Record<string, string> | null;
  parameters: ParameterDocument[] | null;
  /** The failure's category (Allure's categories.json). */
  category: string | null;
  /** On the case row only (iterations share their parent's). */
  labels: LabelDocument[];
  links: LinkDocument[] | null;
  counts: Counts;
  iterations: NormalizedCase[];
  steps: NormalizedStep[];
}

export interface NormalizedSuite extends Timed {
  fixed?: FixedIds;
  name: string;
  result: Result;
  status: Status;
  counts: Counts;
  metricsDuration: number | null;
  cases: NormalizedCase[];
}

export interface NormalizedMachine extends Timed {
  fixed?: FixedIds;
  /** Identity of the machine configuration within a plan: its title. */
  title: string;
  deviceConfiguration: Required<DeviceConfigurationDocument>;
  appDetails: Record<string, unknown> | null;
  result: Result;
  status: Status;
  counts: Counts;
  metricsDuration: number | null;
  suites: NormalizedSuite[];
}

export interface NormalizedRun extends Timed {
  fixed?: FixedIds;
  testPlan: string;
  buildNo: string | null;
  triggeredType: TriggeredType;
  executor: string | null;
  reRunParentId: number | null;
  reRunType: ReRunType | null;
  environment: Record<string, string> | null;
  result: Result;
  status: Status;
  message: string | null;
  counts: Counts;
  metricsDuration: number | null;
  machines: NormalizedMachine[];
}
