/**
 * How ReportPortal's vocabulary maps onto Verdict's (docs/reportportal.md has the table): statuses,
 * times, where an item sits in the tree, what a launch says of its run and machine, what a case keeps.
 * Pure: the ingest mapping (ingest/reportportal/) applies these rules through the writer.
 */
import type { InputResult } from './document.js';
import type { RpAttribute, RpItemFinish, RpItemStart } from './reportportal-requests.js';
import type { AttemptDocument } from './document.js';
import type { Result } from './vocabulary.js';

/** What joins suite names into one Verdict suite: `Cart › Coupons`. */
export const SUITE_SEPARATOR = ' › ';
/** The suite of cases reported at a launch's root, outside any suite. */
export const ROOT_SUITE = '(root)';
/** The plan of a launch whose items arrived before its start (the start names it). */
export const UNNAMED_LAUNCH = 'unnamed launch';

/**
 * passed/info/warn → SUCCESS, failed/interrupted → FAILURE, skipped/cancelled → skipped, stopped →
 * STOPPED (any case). Undefined for no status: the result then comes from the children.
 */
export function resultOfStatus(status: string | null | undefined): InputResult | undefined {
  switch (status?.trim().toLowerCase()) {
    case 'passed':
    case 'info':
    case 'warn':
      return 'SUCCESS';
    case 'failed':
    case 'interrupted':
      return 'FAILURE';
    case 'skipped':
    case 'cancelled':
      return 'SKIPPED';
    case 'stopped':
      return 'STOPPED';
    default:
      return undefined;
  }
}

/** A run's result as ReportPortal words a launch's status (`GET launch/uuid/{uuid}`). */
export function statusOfResult(result: Result): string {
  return ({ SUCCESS: 'PASSED', FAILURE: 'FAILED', ABORTED: 'INTERRUPTED', NOT_EXECUTED: 'SKIPPED', QUEUED: 'IN_PROGRESS', STOPPED: 'STOPPED' } as const)[result];
}

const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A time as agents send it: epoch ms (a number, or digits), or ISO-8601 with any number of fraction
 * digits (Python's microseconds, Java's nanoseconds) and an offset as `Z`, `+00:00` or `+0000` (none:
 * UTC). Null or absent gives null; anything else undefined (the caller refuses it).
 */
export function parseRpTime(value: number | string | null | undefined): number | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.floor(value) : undefined;
  const text = value.trim();
  if (/^\d{1,16}$/.test(text)) return Number(text);
  const m = ISO.exec(text);
  if (!m) return undefined;
  const fraction = (m[3] ?? '').padEnd(3, '0').slice(0, 3);
  const offset = !m[4] || m[4].toUpperCase() === 'Z' ? 'Z' : m[4].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const ms = Date.parse(`${m[1]}T${m[2]}.${fraction}${offset}`);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * What a stat-bearing item is taken for when it starts, before its children are known: a case when its
 * type names a test (STEP, SCENARIO), a hook for ReportPortal's setup and teardown types (BEFORE_/AFTER_,
 * which it leaves out of its statistics: a step when inside a test, else not counted), else a suite
 * (SUITE, STORY, TEST, which Playwright and TestNG use for groups). The tree corrects it: a case that
 * gains a stat-bearing child becomes a suite; a suite that gains a nested step, or finishes with a status
 * and no children, a case.
 */
export function roleOnStart(type: string | null | undefined): 'case' | 'suite' | 'hook' {
  const t = (type ?? 'STEP').trim().toUpperCase();
  if (/^(BEFORE|AFTER)_/.test(t)) return 'hook';
  return t === 'STEP' || t === 'SCENARIO' ? 'case' : 'suite';
}

export const joinPath = (parent: string | null | undefined, name: string) => (parent ? `${parent}${SUITE_SEPARATOR}${name}` : name);

/** A retry of an earlier attempt: `retry: true`, or `retryOf` (`retry_of` from client-javascript 5.6). */
export function retryOf(start: RpItemStart): { retry: boolean; of: string | null } {
  const of = start.retryOf ?? start.retry_of ?? null;
  return { retry: start.retry === true || of !== null, of };
}

/** The test's identity across launches (history, flakiness): testCaseId, else codeRef; null leaves Verdict's default (suite and name). */
export const identityOf = (start: Pick<RpItemStart, 'testCaseId' | 'codeRef'>) => start.testCaseId?.trim() || start.codeRef?.trim() || null;

/** What finds the first attempt of a retried test among its siblings. */
export const testKeyOf = (start: RpItemStart) => identityOf(start) ?? start.name.trim();

const isHost = (key: string) => /^host(name)?$/i.test(key);
const text = (v: string | null | undefined) => (v ?? '').trim();

/**
 * What a launch's start says of its run and machine. User attributes become the run's environment
 * (`key: value`; key-less values join under `tags`), with the description, a non-default mode and the
 * system attributes (agent, client, nodeJS...); `build` is also the build number. The machine is the
 * system attribute `host` (or `hostname`), else `os` (`Linux|x64` → `Linux x64`), else `default`.
 */
export function launchFacts(start: { attributes?: RpAttribute[] | null; description?: string | null; mode?: string | null }) {
  const environment: Record<string, string> = {};
  const tags: string[] = [];
  let os = '';
  let host = '';
  for (const a of start.attributes ?? []) {
    const key = text(a.key);
    const value = text(a.value);
    if (a.system && key === 'os') os = value.replace(/\|/g, ' ');
    else if (a.system && isHost(key)) host = value;
    else if (key) environment[key] = environment[key] ? `${environment[key]}, ${value}` : value;
    else if (value) tags.push(value);
  }
  if (tags.length) environment.tags = tags.join(', ');
  if (text(start.description)) environment.description = text(start.description);
  if (text(start.mode) && text(start.mode).toUpperCase() !== 'DEFAULT') environment.mode = text(start.mode).toUpperCase();
  return { environment, buildNo: environment.build ?? null, machine: { title: host || os || 'default', hostName: host || null } };
}

const attributeText = (attributes: RpAttribute[] | null | undefined) =>
  (attributes ?? []).filter((a) => !a.system && (text(a.key) || text(a.value))).map((a) => (text(a.key) ? `${text(a.key)}:${text(a.value)}` : text(a.value))).join(', ');

/**
 * The facts a case keeps as properties: its code reference, test case id, parameters, attributes,
 * description, and at the finish the issue type (the triage field) with its comment and any status the
 * result alone does not say (info, warn, interrupted, cancelled).
 */
export function caseProperties(start: RpItemStart | null, finish: RpItemFinish | null, stored: Record<string, string> | null): Record<string, string> {
  const p: Record<string, string> = { ...(stored ?? {}) };
  const set = (key: string, value: string | null | undefined) => {
    if (text(value)) p[key] = text(value);
  };
  if (start) {
    set('codeRef', start.codeRef);
    set('testCaseId', start.testCaseId);
    set('parameters', (start.parameters ?? []).map((x) => `${text(x.key)}=${text(x.value)}`).join(', '));
    set('attributes', attributeText(start.attributes));
    set('description', start.description);
  }
  if (finish) {
    set('testCaseId', finish.testCaseId);
    set('attributes', attributeText(finish.attributes));
    if (!errorText(finish.description)) set('description', finish.description);
    set('issueType', finish.issue?.issueType);
    set('issueComment', finish.issue?.comment);
    const status = text(finish.status).toLowerCase();
    if (['info', 'warn', 'interrupted', 'cancelled'].includes(status)) set('status', status);
  }
  return p;
}

/** The error agents put in a finish's description, in a ```error fence (jest, vitest, playwright). */
export function errorText(description: string | null | undefined): string | null {
  const m = /```error\s*\n([\s\S]*?)\n?```/.exec(description ?? '');
  return m?.[1]?.trim() || null;
}

/** A failure's message: the error's text up to its stack frames (the whole text is the stack trace). */
export function messageOfError(error: string): string {
  const lines = error.split('\n');
  const frame = lines.findIndex((l, i) => i > 0 && /^\s+at\s/.test(l));
  return (frame > 0 ? lines.slice(0, frame) : lines).join('\n').trim();
}

const LEVELS: Record<string, string> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', warning: 'WARN', error: 'ERROR', fatal: 'FATAL', '': 'INFO' };

/** A log level as shown: the six known ones upper-cased (an empty level is INFO), any other as sent. */
export const logLevel = (level: string | null | undefined) => LEVELS[text(level).toLowerCase()] ?? text(level).toUpperCase();

export const isErrorLevel = (level: string) => level === 'ERROR' || level === 'FATAL';

/** One log as a line of its case's output: time, level, the step it came from, the message. */
export function logLine(time: number | null, level: string, message: string, stepPath: string | null): string {
  const when = time === null ? '' : `${new Date(time).toISOString()} `;
  return `${when}${level.padEnd(5)} ${stepPath ? `[${stepPath}] ` : ''}${message}\n`;
}

/** Flaky: the final attempt passed after an earlier one failed. */
export const flakyOf = (attempts: readonly AttemptDocument[], final: Result) => final === 'SUCCESS' && attempts.some((a) => a.result === 'FAILURE' || a.result === 'FAILED');
