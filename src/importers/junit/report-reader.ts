/**
 * The JUnit state machine: turns the element stream into import events as each `</testcase>` closes.
 *
 * It keeps only the open elements (one entry per nesting level), the suites enclosing the current
 * element and the case in progress, so memory does not grow with the number of cases. Each suite holds
 * back its first case until a second one closes or the suite ends: a suite with a single case may still
 * carry that case's output at suite level (Bazel writes its test log there).
 */
import type { CaseDocument } from '../../core/document.js';
import { ImportError, type ImportEvent, type SuiteInfo } from '../importer.js';
import { toCaseDocument, type OutcomeElement, type RawCase, type RetryElement } from './case-mapping.js';
import { TextBuffer } from './text-buffer.js';
import { isoTimestamp, nonBlank, secondsToMs } from '../values.js';
import type { Position, XmlSink } from '../xml/xml-feed.js';

interface SuiteFrame {
  /** The root `<testsuites>`: its facts describe the run, not a suite. */
  isRunRoot: boolean;
  name: string | null;
  file: string | null;
  startTime: string | null;
  duration: number | null;
  properties: Record<string, string> | null;
  /** Handed out with the first emitted case; later changes to the frame no longer reach it. */
  info: SuiteInfo | null;
  cases: number;
  held: CaseDocument | null;
  systemOut: string | null;
  systemErr: string | null;
  /** `<error>`/`<failure>` directly in the suite: the class failed to load or set up. */
  suiteOutcomes: OutcomeElement[];
}

type Entry =
  | { role: 'suite'; frame: SuiteFrame }
  | { role: 'case' }
  | { role: 'outcome'; element: Omit<OutcomeElement, 'body'>; text: TextBuffer; frame: SuiteFrame | null }
  | { role: 'retry'; element: Omit<RetryElement, 'stackTrace'>; text: TextBuffer; stackTrace: string | null }
  | { role: 'stackTrace'; text: TextBuffer }
  | { role: 'output'; stream: 'systemOut' | 'systemErr'; text: TextBuffer; frame: SuiteFrame | null }
  | { role: 'properties'; into: Record<string, string>; frame: SuiteFrame | null }
  | { role: 'property'; into: Record<string, string>; name: string; value: string | undefined; text: TextBuffer }
  | { role: 'other' };

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
    this.stack.push(this.entryFor(name, attrs, parent));
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
    const frame = this.pushFrame(attrs, name === 'testsuites');
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

  private entryFor(name: string, attrs: Readonly<Record<string, string>>, parent: Entry): Entry {
    switch (parent.role) {
      case 'suite': {
        const frame = parent.frame;
        if (name === 'testsuite' || name === 'testsuites') {
          const hostName = this.firstHostName(attrs);
          if (hostName !== null) this.events.push({ kind: 'run', machine: { deviceConfiguration: { hostName } } });
          return { role: 'suite', frame: this.pushFrame(attrs, false) };
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

  private pushFrame(attrs: Readonly<Record<string, string>>, isRunRoot: boolean): SuiteFrame {
    const frame: SuiteFrame = {
      isRunRoot,
      name: suiteName(attrs),
      file: nonBlank(attrs.file),
      startTime: isoTimestamp(attrs.timestamp),
      duration: secondsToMs(attrs.time),
      properties: null,
      info: null,
      cases: 0,
      held: null,
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
    const doc = toCaseDocument(raw);
    frame.cases += 1;
    if (frame.cases === 1) {
      frame.held = doc;
      return;
    }
    if (frame.held) {
      this.emit(frame, frame.held);
      frame.held = null;
      frame.systemOut = frame.systemErr = null;
    }
    this.emit(frame, doc);
  }

  private closeSuite(frame: SuiteFrame): void {
    this.frames.pop();
    const held = frame.held;
    if (held) {
      // Jenkins shows the suite's output for a case that has none of its own.
      if (held.systemOut == null && frame.systemOut !== null) held.systemOut = frame.systemOut;
      if (held.systemErr == null && frame.systemErr !== null) held.systemErr = frame.systemErr;
      this.emit(frame, held);
    }
    if (frame.suiteOutcomes.length > 0) {
      const attributes = { name: SUITE_ERROR_CASE, classname: frame.name ?? frame.file ?? '' };
      const raw: RawCase = { attributes, outcomes: frame.suiteOutcomes, retries: [], systemOut: frame.systemOut, systemErr: frame.systemErr, properties: null };
      this.emit(frame, toCaseDocument(raw));
    }
  }

  private closeOutput(stream: 'systemOut' | 'systemErr', text: string | null, frame: SuiteFrame | null): void {
    if (text === null) return;
    const owner = frame ?? this.current;
    if (owner) owner[stream] = owner[stream] === null ? text : `${owner[stream]}\n${text}`;
  }

  private emit(frame: SuiteFrame, doc: CaseDocument): void {
    frame.info ??= this.suiteInfo(frame, doc);
    this.events.push({ kind: 'case', suite: frame.info, case: doc });
  }

  private suiteInfo(frame: SuiteFrame, firstCase: CaseDocument): SuiteInfo {
    const name =
      frame.name ??
      frame.file ??
      firstCase.properties?.classname ??
      firstCase.properties?.file ??
      (this.fileName ? `(${baseName(this.fileName)})` : '(unnamed suite)');
    const info: SuiteInfo = { name };
    if (frame.startTime !== null) info.startTime = frame.startTime;
    if (frame.duration !== null) info.duration = frame.duration;
    if (frame.properties && Object.keys(frame.properties).length > 0) info.properties = { ...frame.properties };
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

/** Ant's aggregated TESTS-TestSuites.xml splits `package` from `name`; Jenkins joins them back. */
function suiteName(attrs: Readonly<Record<string, string>>): string | null {
  const name = nonBlank(attrs.name);
  const pkg = nonBlank(attrs.package);
  if (name === null || pkg === null || name.startsWith(`${pkg}.`)) return name;
  return `${pkg}.${name}`;
}

function outcomeEntry(kind: OutcomeElement['kind'], attrs: Readonly<Record<string, string>>, frame: SuiteFrame | null): Entry {
  return { role: 'outcome', element: { kind, message: attrs.message, type: attrs.type }, text: new TextBuffer(), frame };
}

function outputEntry(name: 'system-out' | 'system-err', frame: SuiteFrame | null): Entry {
  return { role: 'output', stream: name === 'system-out' ? 'systemOut' : 'systemErr', text: new TextBuffer(), frame };
}

/** Output without its surrounding blank lines; null when there is nothing but whitespace. */
function output(text: string): string | null {
  const end = text.trimEnd();
  if (end.length === 0) return null;
  let start = 0;
  for (let i = 0; i < end.length; i++) {
    const c = end.charCodeAt(i);
    if (c === 10) start = i + 1;
    else if (c !== 32 && c !== 9 && c !== 13) break;
  }
  return end.slice(start);
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
