/**
 * The test cases of one `<testsuite>`, held until it ends, so that retries written as repeated test cases
 * (gotestsum `--rerun-fails`, Gradle's test-retry plugin) come out as one test with earlier attempts.
 *
 * The rule (docs/importing.md "Repeated test cases"; test/fixtures/handwritten/README.md):
 * - identity = classname + name + file, within one suite element;
 * - the suite holds retries when some identity has a failed test case followed later by another of the same
 *   identity (the only trace a retry leaves; gotestsum writes every failed attempt before the passes, so the
 *   repeat is rarely adjacent);
 * - then every repeated identity is one test: its test cases are attempts in document order and the last
 *   decides; flaky when a failed attempt precedes the final pass;
 * - otherwise repeated identities are distinct tests (two `it('paginates')` in one describe).
 *
 * Memory is one suite's cases: a suite past HOLD_LIMIT cases (or characters of text) is let go as it
 * stands and a new window starts, with a warning that repeats across windows are counted as written.
 */
import type { AttemptDocument, CaseDocument } from '../../core/document.js';

/** Cases and characters of text one suite may hold back; past either, the window is let go. */
export const HOLD_LIMIT = { cases: 10_000, chars: 16 * 1024 * 1024 } as const;

interface Held {
  key: string;
  doc: CaseDocument;
}

export interface SuiteRelease {
  cases: CaseDocument[];
  /** Test cases read as attempts of a later one, and the tests they were merged into. */
  merged: { testCases: number; tests: number };
}

const FAILED = new Set(['FAILURE', 'FAILED']);

export class SuiteCases {
  private held: Held[] = [];
  private chars = 0;
  /** Per identity: whether a failed test case of it was seen (in this window). */
  private failedBefore = new Map<string, boolean>();
  private holdsRetries = false;
  /** The suite outgrew one window at least once. */
  overflowed = false;

  get size(): number {
    return this.held.length;
  }

  /** Holds a case; returns the cases to let go now when the window is full, else undefined. */
  add(key: string, doc: CaseDocument): SuiteRelease | undefined {
    const seen = this.failedBefore.get(key);
    if (seen) this.holdsRetries = true;
    this.failedBefore.set(key, (seen ?? false) || FAILED.has(doc.result ?? ''));
    this.held.push({ key, doc });
    this.chars += textSize(doc);
    if (this.held.length < HOLD_LIMIT.cases && this.chars < HOLD_LIMIT.chars) return undefined;
    this.overflowed = true;
    return this.release();
  }

  /** The held cases as tests, merged when the suite holds retries; the window starts empty again. */
  release(): SuiteRelease {
    const held = this.held;
    const merge = this.holdsRetries;
    this.held = [];
    this.chars = 0;
    this.failedBefore = new Map();
    this.holdsRetries = false;
    if (!merge) return { cases: held.map((h) => h.doc), merged: { testCases: 0, tests: 0 } };
    const byKey = new Map<string, CaseDocument[]>();
    for (const { key, doc } of held) byKey.set(key, [...(byKey.get(key) ?? []), doc]);
    const merged = { testCases: 0, tests: 0 };
    const cases: CaseDocument[] = [];
    // A test appears where its first attempt was.
    for (const docs of byKey.values()) {
      if (docs.length === 1) {
        cases.push(docs[0]!);
        continue;
      }
      merged.testCases += docs.length;
      merged.tests += 1;
      cases.push(asAttempts(docs));
    }
    return { cases, merged };
  }
}

/** The last test case with every earlier one as an attempt (an earlier case's own attempts first). */
function asAttempts(docs: CaseDocument[]): CaseDocument {
  const last = docs.at(-1)!;
  const attempts: AttemptDocument[] = [];
  for (const doc of docs.slice(0, -1)) attempts.push(...(doc.attempts ?? []), attemptOf(doc));
  attempts.push(...(last.attempts ?? []));
  const final: CaseDocument = { ...last, attempts };
  const passed = final.result === 'SUCCESS' || final.result === 'PASSED';
  if (passed && attempts.some((a) => FAILED.has(a.result))) final.flaky = true;
  return final;
}

function attemptOf(doc: CaseDocument): AttemptDocument {
  const attempt: AttemptDocument = { result: doc.result ?? 'SUCCESS' };
  if (doc.message != null) attempt.message = doc.message;
  if (doc.stackTrace != null) attempt.stackTrace = doc.stackTrace;
  if (doc.duration != null) attempt.duration = doc.duration;
  return attempt;
}

function textSize(doc: CaseDocument): number {
  return (doc.message?.length ?? 0) + (doc.stackTrace?.length ?? 0) + (doc.systemOut?.length ?? 0) + (doc.systemErr?.length ?? 0) + doc.name.length;
}
