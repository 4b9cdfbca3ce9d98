/**
 * One `<testcase>` as collected by the reader, and its mapping to a CaseDocument (pure).
 *
 * Verdict has no ERROR result, so `<error>` becomes FAILURE with `properties.junitOutcome = 'error'`;
 * everything else about the mapping is described in docs/importing.md "JUnit XML".
 */
import type { AttemptDocument, CaseDocument } from '../../core/document.js';
import { firstLine, isoTimestamp, nonBlank, secondsToMs } from '../values.js';

/** `<failure>`, `<error>`, `<skipped>` or `<disabled>` inside a testcase (or `<error>` directly in a suite). */
export interface OutcomeElement {
  kind: 'failure' | 'error' | 'skipped' | 'disabled';
  message?: string;
  type?: string;
  body: string;
}

/** Surefire's record of a run other than the reported one: `<flakyFailure>`, `<rerunError>`... */
export interface RetryElement {
  kind: 'flakyFailure' | 'flakyError' | 'rerunFailure' | 'rerunError';
  message?: string;
  type?: string;
  time?: string;
  /** `<stackTrace>` child, or the element's own text in older surefire versions. */
  stackTrace: string;
}

export interface RawCase {
  attributes: Readonly<Record<string, string>>;
  outcomes: OutcomeElement[];
  retries: RetryElement[];
  systemOut: string | null;
  systemErr: string | null;
  properties: Record<string, string> | null;
}

/** What a case is called when the report gives it no name (Jenkins shows `(?)`). */
export const UNNAMED_CASE = '(unnamed)';

/**
 * `status` attribute values that mean "did not run", as their origins count them: tst (`disabled`,
 * `not run`), GoogleTest (`notrun`), TeamCity (`ignored`), harnesses (`skipped`), Pester (`NotRun`).
 * Compared without case, spaces, `_` or `-`.
 */
const NOT_RUN_STATUSES = new Set(['skipped', 'notrun', 'ignored', 'disabled']);

const statusOf = (attrs: Readonly<Record<string, string>>) => attrs.status?.toLowerCase().replace(/[\s_-]+/g, '') ?? '';

export function toCaseDocument(raw: RawCase): CaseDocument {
  const attrs = raw.attributes;
  const name = nonBlank(attrs.name) ?? UNNAMED_CASE;
  const classname = nonBlank(attrs.classname) ?? nonBlank(attrs.class);
  const file = nonBlank(attrs.file);
  const doc: CaseDocument = { name, result: 'SUCCESS' };
  const identity = classname ?? file;
  if (identity) doc.identity = `${identity}::${name}`;
  const duration = secondsToMs(attrs.time);
  if (duration !== null) doc.duration = duration;
  const startTime = isoTimestamp(attrs.timestamp);
  if (startTime !== null) doc.startTime = startTime;

  const properties: Record<string, string> = Object.create(null);
  if (classname) properties.classname = classname;
  if (file) properties.file = file;
  if (nonBlank(attrs.line)) properties.line = attrs.line!.trim();
  if (raw.properties) Object.assign(properties, raw.properties);

  applyOutcome(doc, raw, properties);
  if (raw.systemOut !== null) doc.systemOut = raw.systemOut;
  if (raw.systemErr !== null) doc.systemErr = raw.systemErr;
  if (Object.keys(properties).length > 0) doc.properties = properties;
  return doc;
}

/**
 * Picks the result the way the origins do (a not-run `status` first, then error > failure > skipped >
 * success) and turns surefire's retry elements into attempts: every failing run but the last is an
 * earlier attempt, the last one is the case's own result. `<flakyFailure>` without a final `<failure>`
 * means it passed in the end.
 */
function applyOutcome(doc: CaseDocument, raw: RawCase, properties: Record<string, string>): void {
  const primary = pickPrimary(raw.outcomes);
  const status = statusOf(raw.attributes);
  if (NOT_RUN_STATUSES.has(status)) {
    // The origin counts it as not run even with a <failure> inside (action-junit-report#761): keep the text, not the verdict.
    doc.result = 'SKIPPED';
    if (status === 'disabled' || primary?.kind === 'disabled') doc.isDisabled = true;
    if (primary) setDetails(doc, primary.message ?? firstLine(primary.body), nonBlank(primary.body));
    return;
  }
  const flakes = raw.retries.filter((r) => r.kind === 'flakyFailure' || r.kind === 'flakyError');
  const reruns = raw.retries.filter((r) => r.kind === 'rerunFailure' || r.kind === 'rerunError');
  const failed = primary?.kind === 'failure' || primary?.kind === 'error';

  if (failed || reruns.length > 0) {
    const runs: Failing[] = [...flakes.map(fromRetry), ...(failed ? [fromOutcome(primary)] : []), ...reruns.map(fromRetry)];
    const last = runs.pop()!;
    doc.result = 'FAILURE';
    setDetails(doc, last.message, last.stackTrace);
    if (last.type) doc.errorType = last.type;
    if (last.isError) properties.junitOutcome = 'error';
    if (runs.length > 0) doc.attempts = runs.map(toAttempt);
    return;
  }
  if (primary) {
    doc.result = 'SKIPPED';
    if (primary.kind === 'disabled') doc.isDisabled = true;
    setDetails(doc, primary.message ?? firstLine(primary.body), nonBlank(primary.body));
    return;
  }
  if (flakes.length > 0) {
    doc.flaky = true;
    doc.attempts = flakes.map(fromRetry).map(toAttempt);
  }
}

interface Failing {
  message: string | null;
  stackTrace: string | null;
  type: string | null;
  isError: boolean;
  duration: number | null;
}

const PRIORITY: Record<OutcomeElement['kind'], number> = { error: 3, failure: 2, skipped: 1, disabled: 1 };

function pickPrimary(outcomes: OutcomeElement[]): OutcomeElement | undefined {
  let best: OutcomeElement | undefined;
  for (const o of outcomes) if (!best || PRIORITY[o.kind] > PRIORITY[best.kind]) best = o;
  return best;
}

function fromOutcome(o: OutcomeElement): Failing {
  const stackTrace = nonBlank(o.body);
  return { message: nonBlank(o.message) ?? firstLine(stackTrace), stackTrace, type: nonBlank(o.type), isError: o.kind === 'error', duration: null };
}

function fromRetry(r: RetryElement): Failing {
  const stackTrace = nonBlank(r.stackTrace);
  return {
    message: nonBlank(r.message) ?? firstLine(stackTrace),
    stackTrace,
    type: nonBlank(r.type),
    isError: r.kind.endsWith('Error'),
    duration: secondsToMs(r.time),
  };
}

function toAttempt(f: Failing): AttemptDocument {
  const attempt: AttemptDocument = { result: 'FAILURE' };
  if (f.message !== null) attempt.message = f.message;
  if (f.stackTrace !== null) attempt.stackTrace = f.stackTrace;
  if (f.duration !== null) attempt.duration = f.duration;
  return attempt;
}

function setDetails(doc: CaseDocument, message: string | null | undefined, stackTrace: string | null): void {
  const m = nonBlank(message);
  if (m !== null) doc.message = m;
  if (stackTrace !== null) doc.stackTrace = stackTrace;
}
