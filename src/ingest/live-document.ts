/**
 * The live reporting API's batch: items at every level, each with a client-chosen `key` unique within
 * the run. Sending an item again updates it (QUEUED -> RUNNING -> FINISHED), so a retried request never
 * duplicates anything.
 */
import type { InputResult, DeviceConfigurationDocument, AttemptDocument } from './document.js';
import type { StepConditionType, StepPriority, StepType, TriggeredType, ReRunType } from '../core/vocabulary.js';

export const LIVE_STATES = ['QUEUED', 'RUNNING', 'FINISHED'] as const;
export type LiveState = (typeof LIVE_STATES)[number];

export interface LiveRunOpen {
  testPlan: string;
  /** Idempotency key: opening again with the same key returns the same run. */
  key?: string | null;
  buildNo?: string | null;
  triggeredType?: TriggeredType | null;
  executor?: string | null;
  startTime?: string | null;
  reRunParentId?: number | null;
  reRunType?: ReRunType | null;
  environment?: Record<string, string> | null;
}

interface LiveItem {
  key: string;
  state?: LiveState | null;
  startTime?: string | null;
  endTime?: string | null;
  duration?: number | null;
}

export interface LiveMachine extends LiveItem {
  deviceConfiguration?: DeviceConfigurationDocument | null;
  appDetails?: Record<string, unknown> | null;
}

export interface LiveSuite extends LiveItem {
  machineKey: string;
  name: string;
}

export interface LiveCase extends LiveItem {
  suiteKey: string;
  /** For an iteration: the key of its data-driven parent case. */
  parentKey?: string | null;
  name: string;
  result?: InputResult | null;
  message?: string | null;
  isDataDriven?: boolean | null;
  isDisabled?: boolean | null;
  identity?: string | null;
  errorType?: string | null;
  stackTrace?: string | null;
  systemOut?: string | null;
  systemErr?: string | null;
  attempts?: AttemptDocument[] | null;
  flaky?: boolean | null;
  properties?: Record<string, string> | null;
}

export interface LiveStep extends LiveItem {
  caseKey: string;
  /** Key of the enclosing step group. */
  parentKey?: string | null;
  action: string;
  type?: StepType | null;
  priority?: StepPriority | null;
  result?: InputResult | null;
  message?: string | null;
  errorCode?: number | null;
  errorType?: string | null;
  conditionType?: StepConditionType | null;
  ignoreResult?: boolean | null;
}

export interface LiveBatch {
  machines?: LiveMachine[] | null;
  suites?: LiveSuite[] | null;
  cases?: LiveCase[] | null;
  steps?: LiveStep[] | null;
}
