/**
 * The JUnit state machine: turns the element stream into import events as each `<testsuite>` ends.
 *
 * It keeps the open elements (one entry per nesting level), the suites enclosing the current element,
 * the case in progress and the cases of each open suite (repeated-cases.ts: retries written as repeated
 * test cases are only known as such once the suite has been read; bounded per suite), so memory grows
 * with the largest suite, not the report. A suite with a single case may carry that case's output at
 * suite level (Bazel writes its test log there).
 */
import type { CaseDocument } from '../../core/document.js';
import { ImportError, type ImportEvent, type SuiteInfo } from '../importer.js';
import { toCaseDocument, type OutcomeElement, type RawCase, type RetryElement } from './case-mapping.js';
import { baseName, localName, outcomeEntry, output, outputEntry, suiteName, type Entry } from './entries.js';
import { HOLD_LIMIT, SuiteCases } from './repeated-cases.js';
import { TextBuffer } from './text-buffer.js';
import { isoTimestamp, nonBlank, secondsToMs } from '../values.js';
import { truncationMessage, type Position, type XmlSink } from '../xml/xml-feed.js';

export interface SuiteFrame {
  /** The root `<testsuites>`: its facts describe the run, not a suite. */
  isRunRoot: boolean;
  name: string | null;
  file: string | null;
  startTime: string | null;
  duration: number | null;
  properties: Record<string, string> | null;
  /** Handed out with the first emitted case; later changes to the frame no longer reach it. */
  info: SuiteInfo | null;
  /** Test cases read in this suite element. */
  cases: number;
  held: SuiteCases;
  /** Where the suite's start tag is, for warnings about it. */
  at: Position;
  systemOut: string | null;
  systemErr: string | null;
  /** `<error>`/`<failure>` directly in the suite: the class failed to load or set up. */
  suiteOutcomes: OutcomeElement[];
}

const OUTCOMES = new Set(['failure', 'error', 'skipped', 'disabled']);
const RETRIES = new Set(['flakyFailure', 'flakyError', 'rerunFailure', 'rerunError']);

/** The case Jenkins invents for a suite-level `<error>` (junit-noframes.xsl: the class failed to load). */
export const SUITE_ERROR_CASE = '<init>';

export class JUnitReader implements XmlSink {
  private readonly stack: Entry[] = [];
  private readonly frames: SuiteFrame[] = [];
  private current: RawCase | null = null;
  private events: ImportEvent[] = [];
  private hostNameSeen = false;
  /** Complete test cases read in the whole file. */
  private casesRead = 0;

  constructor(private readonly fileName: string | undefined) {}

  /** Events completed since the last call. */
  drain(): ImportEvent[] {
    const out = this.events;
    this.events = [];
    return out;
  }

  open(qualifiedName: string, attrs: Readonly<Record<string, string>>, at: Position): void {
    const name = localName(qualifiedName);
    const parent = this.stack.at(-1);
    if (parent === undefined) return this.openRoot(name, attrs, at);
    this.stack.push(this.entryFor(name, attrs, parent, at));
  }

  text(text: string): void {
    const top = this.stack.at(-1);
    if (top !== undefined && 'text' in top) top.text.append(text);
  }

  close(): void {
    const entry = this.stack.pop();
    if (entry === undefined) return;
    const parent = this.stack.at(-1);
    switch (entry.role) {
      case 'suite':
        return this.closeSuite(entry.frame);
      case 'case':
        return this.closeCase();
      case 'outcome': {
        const element = { ...entry.element, body: entry.text.take() };
        return void (entry.frame ? entry.frame.suiteOutcomes.push(element) : this.current?.outcomes.push(element));
      }
      case 'retry':
        return void this.current?.retries.push({ ...entry.element, stackTrace: entry.stackTrace ?? entry.text.take() });
      case 'stackTrace':
        if (parent?.role === 'retry') parent.stackTrace = entry.text.take();
        return;
      case 'output':
        return this.closeOutput(entry.stream, output(entry.text.take()), entry.frame);
      case 'property':
        entry.into[entry.name] = entry.value ?? entry.text.take().trim();
        return;
      case 'properties':
        if (entry.frame?.isRunRoot && Object.keys(entry.into).length > 0) this.events.push({ kind: 'run', environment: { ...entry.into } });
        return;
    }
  }

  private openRoot(name: string, attrs: Readonly<Record<string, string>>, at: Position): void {
    if (name !== 'testsuites' && name !== 'testsuite') {
      throw new ImportError(`not a JUnit XML report: the root element is <${name}>, expected <testsuites> or <testsuite>`, this.fileName, at.line, at.column);
    }
    const frame = this.pushFrame(attrs, name === 'testsuites', at);
    const run: Extract<ImportEvent, { kind: 'run' }> = { kind: 'run' };
    const startTime = isoTimestamp(attrs.timestamp);
    if (startTime !== null) run.startTime = startTime;
    const duration = secondsToMs(attrs.time);
    if (duration !== null) run.duration = duration;
    const hostName = this.firstHostName(attrs);
    if (hostName !== null) run.machine = { deviceConfiguration: { hostName } };
    if (Object.keys(run).length > 1) this.events.push(run);
    this.stack.push({ role: 'suite', frame });
  }

  private entryFor(name: string, attrs: Readonly<Record<string, string>>, parent: Entry, at: Position): Entry {
    switch (parent.role) {
      case 'suite': {
        const frame = parent.frame;
        if (name === 'testsuite' || name === 'testsuites') {
          const hostName = this.firstHostName(attrs);
          if (hostName !== null) this.events.push({ kind: 'run', machine: { deviceConfiguration: { hostName } } });
          return { role: 'suite', frame: this.pushFrame(attrs, false, at) };
        }
        if (name === 'testcase') {
          this.current = { attributes: attrs, outcomes: [], retries: [], systemOut: null, systemErr: null, properties: null };
          return { role: 'case' };
        }
        if (name === 'properties') return { role: 'properties', into: (frame.properties ??= Object.create(null)), frame };
        // Suite-level output only matters while the suite may end with a single case.
        if ((name === 'system-out' || name === 'system-err') && frame.cases <= 1) return outputEntry(name, frame);
        if (name === 'error' || name === 'failure') return outcomeEntry(name, attrs, frame);
        return { role: 'other' };
      }
      case 'case': {
        if (OUTCOMES.has(name)) return outcomeEntry(name as OutcomeElement['kind'], attrs, null);
        if (RETRIES.has(name)) {
          const element = { kind: name as RetryElement['kind'], message: attrs.message, type: attrs.type, time: attrs.time };
          return { role: 'retry', element, text: new TextBuffer(), stackTrace: null };
        }
        if (name === 'system-out' || name === 'system-err') return outputEntry(name, null);
        if (name === 'properties' && this.current) return { role: 'properties', into: (this.current.properties ??= Object.create(null)), frame: null };
        return { role: 'other' };
      }
      case 'retry':
        // A retry's own system-out/err has no place in an attempt; only its stack trace is kept.
        return name === 'stackTrace' ? { role: 'stackTrace', text: new TextBuffer() } : { role: 'other' };
      case 'properties':
        if (name === 'property' && attrs.name !== undefined) {
          return { role: 'property', into: parent.into, name: attrs.name, value: attrs.value, text: new TextBuffer() };
        }
        return { role: 'other' };
      default:
        return { role: 'other' };
    }
  }

  private pushFrame(attrs: Readonly<Record<string, string>>, isRunRoot: boolean, at: Position): SuiteFrame {
    const frame: SuiteFrame = {
      isRunRoot,
      name: suiteName(attrs),
      file: nonBlank(attrs.file),
      startTime: isoTimestamp(attrs.timestamp),
      duration: secondsToMs(attrs.time),
      properties: null,
      info: null,
      cases: 0,
      held: new SuiteCases(),
      at,
      systemOut: null,
      systemErr: null,
      suiteOutcomes: [],
    };
    this.frames.push(frame);
    return frame;
  }

  private closeCase(): void {
    const raw = this.current;
    const frame = this.frames.at(-1);
    this.current = null;
    if (raw === null || frame === undefined) return;
    frame.cases += 1;
    this.casesRead += 1;
    // Suite-level output only goes to a suite's only case: with a second one, it is no longer needed.
    if (frame.cases === 2) frame.systemOut = frame.systemErr = null;
    const a = raw.attributes;
    // A nameless case has no identity to repeat: never an attempt of another.
    const key = nonBlank(a.name) === null ? `#${frame.cases}` : `${a.classname ?? a.class ?? ''}\u0000${a.name}\u0000${a.file ?? ''}`;
    const firstOverflow = !frame.held.overflowed;
    const full = frame.held.add(key, toCaseDocument(raw));
    if (!full) return;
    this.release(frame, full.cases, full.merged);
    if (firstOverflow) {
      const what = `suite "${this.suiteInfo(frame).name}" has more than ${HOLD_LIMIT.cases} test cases (or too much text to hold): test cases repeated across that window are counted as written, not merged as retries`;
      this.warn('merged-retries', what, frame.at);
    }
  }

  private closeSuite(frame: SuiteFrame): void {
    this.frames.pop();
    const { cases, merged } = frame.held.release();
    // Jenkins shows the suite's output for its only case when the case has none of its own.
    if (frame.cases === 1 && cases.length === 1) {
      const only = cases[0]!;
      if (only.systemOut == null && frame.systemOut !== null) only.systemOut = frame.systemOut;
      if (only.systemErr == null && frame.systemErr !== null) only.systemErr = frame.systemErr;
    }
    this.release(frame, cases, merged);
    if (frame.suiteOutcomes.length > 0) {
      const attributes = { name: SUITE_ERROR_CASE, classname: frame.name ?? frame.file ?? '' };
      const raw: RawCase = { attributes, outcomes: frame.suiteOutcomes, retries: [], systemOut: frame.systemOut, systemErr: frame.systemErr, properties: null };
      this.emit(frame, toCaseDocument(raw));
    }
  }

  /** Emits a suite's (or a window's) cases, saying how many test cases were read as attempts. */
  private release(frame: SuiteFrame, cases: CaseDocument[], merged: { testCases: number; tests: number }): void {
    for (const doc of cases) this.emit(frame, doc);
    if (merged.tests === 0) return;
    const what =
      `suite "${this.suiteInfo(frame).name}": merged ${merged.testCases} repeated test cases into ${merged.tests} test${merged.tests === 1 ? '' : 's'} with earlier attempts ` +
      `(test cases of one classname and name repeated after a failure are retries, as gotestsum --rerun-fails and Gradle's test-retry plugin write them; the last attempt decides)`;
    this.warn('merged-retries', what, frame.at);
  }

  /**
   * The file ended inside the document (the runner was killed mid-write): every open suite ends here,
   * the case in progress is dropped, and the innermost open suite is incomplete. False when no test
   * case was complete, so the file is refused.
   */
  truncated(at: Position): boolean {
    this.current = null;
    const cut = this.frames.at(-1);
    const inCut = cut?.cases ?? 0;
    for (let i = this.frames.length - 1; i >= 0; i--) this.closeSuite(this.frames[i]!);
    if (this.casesRead === 0 || cut === undefined) return false;
    const message = truncationMessage(this.fileName, at, this.casesRead, this.suiteInfo(cut).name, inCut);
    this.events.push({ kind: 'incomplete', suite: this.suiteInfo(cut), message });
    this.warn('truncated', message, at);
    return true;
  }

  private warn(code: 'merged-retries' | 'truncated', message: string, at: Position): void {
    this.events.push({ kind: 'warning', warning: { code, message, line: at.line, column: at.column } });
  }

  private closeOutput(stream: 'systemOut' | 'systemErr', text: string | null, frame: SuiteFrame | null): void {
    if (text === null) return;
    const owner = frame ?? this.current;
    if (owner) owner[stream] = owner[stream] === null ? text : `${owner[stream]}\n${text}`;
  }

  private emit(frame: SuiteFrame, doc: CaseDocument): void {
    this.events.push({ kind: 'case', suite: this.suiteInfo(frame, doc), case: doc });
  }

  /** The frame's suite, fixed by its first case (whose classname may name it). */
  private suiteInfo(frame: SuiteFrame, firstCase?: CaseDocument): SuiteInfo {
    if (frame.info) return frame.info;
    const name =
      frame.name ??
      frame.file ??
      firstCase?.properties?.classname ??
      firstCase?.properties?.file ??
      (this.fileName ? `(${baseName(this.fileName)})` : '(unnamed suite)');
    const info: SuiteInfo = { name };
    if (frame.startTime !== null) info.startTime = frame.startTime;
    if (frame.duration !== null) info.duration = frame.duration;
    if (frame.properties && Object.keys(frame.properties).length > 0) info.properties = { ...frame.properties };
    if (firstCase) frame.info = info;
    return info;
  }

  /** The machine is the first suite's host (surefire and pytest write one per suite). */
  private firstHostName(attrs: Readonly<Record<string, string>>): string | null {
    const hostName = nonBlank(attrs.hostname);
    if (hostName === null || this.hostNameSeen) return null;
    this.hostNameSeen = true;
    return hostName;
  }
}

