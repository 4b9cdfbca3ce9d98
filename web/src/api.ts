/**
 * The UI's only door to the server: Verdict's public JSON API, with the signed-in user's key.
 * The types below are the subset of the API's bodies the UI reads (docs: reference.md §3, /api/docs).
 */
import { getKey } from './session';

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

/** An attachment's bytes, fetched with the key (an <img src> cannot send it). */
export async function apiBlob(url: string, signal?: AbortSignal): Promise<Blob> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${getKey() ?? ''}` }, signal });
  if (!res.ok) throw new Error(`Could not load the attachment (${res.status})`);
  return res.blob();
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

/** The API's error body (reference.md §7); `position`/`length` locate a query-language error. */
export interface ErrorBody {
  error: string;
  code: string;
  position?: number;
  length?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
  ) {
    super(body.error);
  }
}

type Params = Record<string, string | number | undefined | null>;

/** `/api/v3` + path + the non-empty params. */
export function apiUrl(path: string, params: Params = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const qs = search.toString();
  return `/api/v3${path}${qs ? `?${qs}` : ''}`;
}

let onUnauthorized: () => void = () => {};
/** Called when the server rejects the key (revoked meanwhile): the app signs out. */
export function setUnauthorizedHandler(handler: () => void) {
  onUnauthorized = handler;
}

/**
 * Bidirectional override and isolate controls (U+202A-202E, U+2066-2069) in data make text display in an
 * order other than it is stored (`case1 \u202Egnp.exe` reads as `case1 exe.png`). The UI shows them as
 * visible marks instead, wherever the text appears.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
const HAS_BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;
export const showControls = (text: string) => text.replace(BIDI_CONTROLS, (c) => `⟦U+${c.charCodeAt(0).toString(16).toUpperCase()}⟧`);

function parseShown<T>(text: string): T {
  return (HAS_BIDI_CONTROL.test(text) ? JSON.parse(text, (_k, v: unknown) => (typeof v === 'string' ? showControls(v) : v)) : JSON.parse(text)) as T;
}

export async function apiGet<T>(path: string, params: Params = {}, init: { signal?: AbortSignal; key?: string } = {}): Promise<T> {
  const key = init.key ?? getKey();
  const res = await fetch(apiUrl(path, params), { headers: { authorization: `Bearer ${key ?? ''}`, accept: 'application/json' }, signal: init.signal });
  if (!res.ok) {
    let body: ErrorBody;
    try {
      body = (await res.json()) as ErrorBody;
    } catch {
      body = { error: `${res.status} ${res.statusText}`, code: 'HTTP_ERROR' };
    }
    if (res.status === 401 && !init.key) onUnauthorized();
    throw new ApiError(res.status, body);
  }
  return parseShown<T>(await res.text());
}

/** Every page of a list route, `size` rows at a time (the API's maximum is 2000). */
export async function apiGetAll<T>(path: string, params: Params, signal?: AbortSignal, onPage?: (rows: T[]) => void): Promise<T[]> {
  const rows: T[] = [];
  for (let page = 0; ; page++) {
    const body = await apiGet<Page<T>>(path, { ...params, page, size: 2000 }, { signal });
    rows.push(...body.content);
    onPage?.(rows);
    if (body.last || body.content.length === 0) return rows;
  }
}

/**
 * A value for the query language, with its reserved characters spelled as the `ts_*` escape tokens
 * (reference.md §5.1), so a search for "a, b: c" stays one value.
 */
export function queryValue(text: string): string {
  const tokens: Record<string, string> = {
    '~': 'ts_like', '!': 'ts_negation', "'": 'ts_single_quote', ':': 'ts_colon', ';': 'ts_semicolon', '>': 'ts_greater_than',
    '<': 'ts_lesser_than', '@': 'ts_at_sign', $: 'ts_dollar_sign', '*': 'ts_asterisk', ',': 'ts_comma',
  };
  return text.replace(/[~!':;><@$*,]/g, (c) => tokens[c]!);
}
