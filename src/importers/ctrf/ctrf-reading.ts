/**
 * A CTRF document read leniently, as real reporters write it: each field is read by what it holds, not
 * trusted from a type, and each deviation the schema forbids but whose meaning is clear is read anyway
 * and said (ctrf-warnings.ts). Refused only when nothing is left to read: not an object, no
 * `results.tests` list, no test objects in it, another `reportFormat`, a major `specVersion` past 1.
 */
import { plausibleMillis } from '../../core/time.js';
import type { AttemptDocument, CaseDocument, InputResult, StepDocument } from '../../core/document.js';
import { ImportError } from '../importer.js';
import { Deviations } from './ctrf-warnings.js';

/**
 * `pending` is what jest and mocha reporters write for a skipped test (`it.skip`, `xit`); `other` is what
 * a tool reports when none of the four fits (Playwright's "interrupted", unknown states): the test
 * reached no verdict, which is what ABORTED means here.
 */
const STATUSES = {
  passed: 'SUCCESS',
  failed: 'FAILURE',
  skipped: 'SKIPPED',
  pending: 'SKIPPED',
  other: 'ABORTED',
} as const satisfies Record<'passed' | 'failed' | 'skipped' | 'pending' | 'other', InputResult>;

type CtrfStatus = keyof typeof STATUSES;

/** The major version this importer understands; the spec says to reject other majors. */
const SUPPORTED_MAJOR = 1;

type Json = Record<string, unknown>;

export interface CtrfReading {
  run: { environment: Record<string, string>; startTime: string | null; duration: number | null };
  tests: { suite: string; case: CaseDocument }[];
  deviations: Deviations;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);
const nonEmpty = (v: unknown): string | undefined => {
  const t = text(v);
  return t !== undefined && t.length > 0 ? t : undefined;
};

export function readCtrf(document: unknown, file: string | undefined): CtrfReading {
  const refuse = (why: string): never => {
    throw new ImportError(`not a CTRF report: ${why}`, file);
  };
  if (!isObject(document)) return refuse('the document is not a JSON object');
  const deviations = new Deviations();
  if (document.reportFormat !== undefined && document.reportFormat !== 'CTRF') refuse(`reportFormat is ${JSON.stringify(document.reportFormat)}, not "CTRF"`);
  const version = text(document.specVersion);
  const major = Number(/^\d+/.exec(version ?? '')?.[0] ?? NaN);
  if (major > SUPPORTED_MAJOR) throw new ImportError(`CTRF specVersion ${version} is not supported (this server reads 1.x)`, file);
  if (document.reportFormat === undefined || document.specVersion === undefined) deviations.note('legacy-header');

  const results = document.results;
  if (!isObject(results)) return refuse('no `results` object');
  if (!Array.isArray(results.tests)) return refuse('`results.tests` is not a list of tests');
  const tool = isObject(results.tool) ? results.tool : {};
  const toolName = nonEmpty(tool.name) ?? 'CTRF';

  const environment: Record<string, string> = { tool: toolName };
  if (text(tool.version) !== undefined) environment.toolVersion = text(tool.version)!;
  if (isObject(results.environment)) for (const [key, value] of Object.entries(results.environment)) if (key !== 'extra' && text(value) !== undefined) environment[key] = text(value)!;
  if (nonEmpty(document.runId) !== undefined) environment.runId = nonEmpty(document.runId)!;
  const summary = isObject(results.summary) ? results.summary : {};
  const start = millis(summary.start, deviations);
  const stop = millis(summary.stop, deviations);
  const duration = plausibleMillis(finite(summary.duration) ?? (start !== null && stop !== null && stop >= start ? stop - start : null));

  const tests: CtrfReading['tests'] = [];
  let ignored = 0;
  for (const test of results.tests) {
    if (!isObject(test)) ignored++;
    else tests.push(readTest(test, toolName, deviations));
  }
  if (ignored > 0) {
    if (tests.length === 0) refuse(`none of the ${ignored} entries of \`results.tests\` is a test object`);
    deviations.ignoredEntries = ignored;
  }
  return { run: { environment, startTime: isoTime(start), duration }, tests, deviations };
}

function readTest(test: Json, toolName: string, deviations: Deviations): { suite: string; case: CaseDocument } {
  const name = nonEmpty(test.name) ?? '(unnamed test)';
  if (name === '(unnamed test)') deviations.note('unnamed');
  const status = statusOf(test.status, deviations);
  const attempts = earlierAttempts(test, status, deviations);
  const duration = finite(test.duration);
  if (duration !== null && !Number.isInteger(duration)) deviations.note('fractional-duration');
  const testCase: CaseDocument = {
    name,
    result: STATUSES[status],
    message: text(test.message) ?? null,
    stackTrace: text(test.trace) ?? null,
    systemOut: lines(test.stdout),
    systemErr: lines(test.stderr),
    duration: plausible(duration),
    startTime: isoTime(millis(test.start, deviations)),
    endTime: isoTime(millis(test.stop, deviations)),
    // The spec's stable identifier for the logical test, when the producer gives one.
    identity: nonEmpty(test.testId) ?? null,
    steps: Array.isArray(test.steps) ? test.steps.filter(isObject).map((step): StepDocument => ({ action: nonEmpty(step.name) ?? '(unnamed step)', result: STATUSES[statusOf(step.status, deviations)] })) : null,
    attempts: attempts.length > 0 ? attempts : null,
    flaky: test.flaky === true || test.flaky === 'true' || (status === 'passed' && attempts.some((a) => a.result === 'FAILURE')) ? true : test.flaky === false ? false : null,
    properties: properties(test, status),
  };
  return { suite: suiteOf(test, name, toolName, deviations), case: testCase };
}

/** A known status (any case); anything else reached no verdict the spec names: `other`. */
function statusOf(value: unknown, deviations: Deviations): CtrfStatus {
  const raw = text(value)?.toLowerCase();
  if (raw !== undefined && raw in STATUSES) return raw as CtrfStatus;
  deviations.unknownStatus(text(value));
  return 'other';
}

/**
 * CTRF has no suite element: the `suite` path, else the file, names the group. Reporters write the path
 * as a string ("file > describe"); @d2t/vitest-ctrf-json-reporter writes the test's full name there, so a
 * string equal to the name loses its last segment (the test's own title).
 */
function suiteOf(test: Json, name: string, toolName: string, deviations: Deviations): string {
  let path: string[] | undefined;
  if (Array.isArray(test.suite)) path = test.suite.map(text).filter((s): s is string => s !== undefined && s.length > 0);
  else if (typeof test.suite === 'string' && test.suite.length > 0) {
    deviations.note('suite-string');
    const segments = test.suite.split(' > ');
    path = test.suite === name ? segments.slice(0, -1) : [test.suite];
  }
  return path?.length ? path.join(' > ') : (nonEmpty(test.filePath) ?? toolName);
}

/**
 * `retryAttempts` may or may not include the final execution (the spec's own examples do, while
 * `retries` "SHOULD equal" their count; playwright-ctrf-json-reporter lists only the earlier ones, and
 * without `attempt` numbers, so the order written is the order run). The last attempt is the final one
 * when it has the test's status and there are more attempts than retries.
 */
function earlierAttempts(test: Json, status: CtrfStatus, deviations: Deviations): AttemptDocument[] {
  if (!Array.isArray(test.retryAttempts)) return [];
  const listed = test.retryAttempts.filter(isObject);
  const numbered = listed.every((a) => typeof a.attempt === 'number');
  if (!numbered) deviations.note('attempt-number');
  const sorted = numbered ? [...listed].sort((a, b) => (a.attempt as number) - (b.attempt as number)) : listed;
  const retries = finite(test.retries);
  const last = sorted.at(-1);
  if (last && statusOf(last.status, deviations) === status && (retries === null || sorted.length > retries)) sorted.pop();
  return sorted.map((attempt) => {
    const duration = finite(attempt.duration);
    return {
      result: STATUSES[statusOf(attempt.status, deviations)],
      message: text(attempt.message) ?? null,
      duration: plausible(duration),
      stackTrace: text(attempt.trace) ?? null,
    };
  });
}

/** Small facts only; attachments, screenshots, snippets, insights and `extra` are not kept. */
function properties(test: Json, status: CtrfStatus): Record<string, string> | null {
  const facts: Record<string, string> = {};
  for (const key of ['filePath', 'line', 'type', 'rawStatus', 'browser', 'device', 'threadId', 'executionId', 'retries'] as const) if (text(test[key]) !== undefined) facts[key] = text(test[key])!;
  // An unknown status read as `other` keeps what was written.
  if (status === 'other' && facts.rawStatus === undefined && text(test.status) !== undefined && text(test.status) !== 'other') facts.rawStatus = text(test.status)!;
  if (Array.isArray(test.tags) && test.tags.length > 0) facts.tags = test.tags.map(String).join(', ');
  else if (typeof test.tags === 'string' && test.tags) facts.tags = test.tags;
  if (isObject(test.labels)) for (const [key, value] of Object.entries(test.labels)) facts[`label.${key}`] = Array.isArray(value) ? value.map(String).join(', ') : String(value);
  if (isObject(test.parameters)) for (const [key, value] of Object.entries(test.parameters)) facts[`parameter.${key}`] = typeof value === 'string' ? value : JSON.stringify(value);
  return Object.keys(facts).length > 0 ? facts : null;
}

function lines(value: unknown): string | null {
  if (Array.isArray(value)) return value.length > 0 ? value.map((l) => text(l) ?? JSON.stringify(l)).join('\n') : null;
  return text(value) ?? null;
}

function finite(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Epoch milliseconds, as the spec says; a value that is evidently Unix seconds (2001 to 5138) is read as seconds. */
function millis(value: unknown, deviations: Deviations): number | null {
  const n = finite(value);
  if (n === null || n <= 0) return null;
  if (n >= 1e9 && n < 1e11) {
    deviations.note('seconds');
    return n * 1000;
  }
  return n;
}

/** ISO time of epoch ms; null outside what a Date can hold (a start of 1e300 is no time). */
function isoTime(ms: number | null): string | null {
  return ms !== null && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : null;
}

/** A duration in whole milliseconds when it is one (core/time.ts bounds it at ten years), else unknown. */
function plausible(ms: number | null): number | null {
  const bounded = plausibleMillis(ms);
  return bounded === null ? null : Math.round(bounded);
}
