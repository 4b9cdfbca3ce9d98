/**
 * NUnit XML: NUnit 3 (`<test-run>`, or a bare `<test-suite>` as some runners write it) and NUnit 2
 * (`<test-results>`). Both nest `<test-suite>` elements (Assembly > Namespace > TestFixture >
 * ParameterizedMethod...) around `<test-case>`; a case's suite is its innermost TestFixture.
 */
import type { CaseDocument, InputResult, MachineDocument } from '../core/document.js';
import type { ImportEvent, Importer, SuiteInfo } from './importer.js';
import { expectRoot, readXml, type XmlContext, type XmlElement, type XmlHandler } from './xml/xml-reader.js';
import { rootElement } from './xml/sniff.js';
import { isoTimestamp as isoTime, nonBlank, secondsToMs, textOrNull } from './values.js';

/** Suites that group the cases of one method, never a class: a case's suite is above them. */
const METHOD_GROUPS = new Set(['ParameterizedMethod', 'ParameterizedTest', 'Theory', 'GenericMethod']);

/** NUnit 3 `result` and NUnit 2 `result` values (they differ: Passed/Success, Failed/Failure...). */
const RESULTS: Readonly<Record<string, InputResult>> = {
  Passed: 'SUCCESS',
  Success: 'SUCCESS',
  Warning: 'SUCCESS',
  Failed: 'FAILURE',
  Failure: 'FAILURE',
  Error: 'FAILURE',
  Skipped: 'SKIPPED',
  Ignored: 'SKIPPED',
  NotRunnable: 'SKIPPED',
  Inconclusive: 'SKIPPED',
  Cancelled: 'ABORTED',
};

function resultOf(current: OpenCase): InputResult {
  const a = current.attributes;
  if (a.executed?.toLowerCase() === 'false') return 'SKIPPED';
  if (a.label === 'Cancelled') return 'ABORTED';
  const known = a.result !== undefined ? RESULTS[a.result] : undefined;
  if (known) return known;
  // NUnit 2.2 writes only executed/success, and not always sanely (success="Turue"): a <failure> decides.
  return current.failed || a.success?.toLowerCase() === 'false' ? 'FAILURE' : 'SUCCESS';
}

interface OpenSuite {
  type?: string;
  name: string;
  /** Full name: NUnit 3 writes it; for NUnit 2 it is built from the enclosing Namespace suites. */
  fullName: string;
  /** The enclosing Namespace suites' names and this one's if it is one, dotted; kept per suite so opening one is O(1). */
  namespaces: string;
  properties: Record<string, string>;
  info?: SuiteInfo;
  start?: string | null;
  duration?: number | null;
}

interface OpenCase {
  attributes: Readonly<Record<string, string>>;
  message?: string | null;
  stackTrace?: string | null;
  output?: string | null;
  failed?: boolean;
  properties: Record<string, string>;
}

export const nunitImporter: Importer = {
  format: 'nunit',
  detect: (head) => {
    const root = rootElement(head);
    if (root?.name === 'test-run' || root?.name === 'test-results') return true;
    // Some runners (Unity, NUnit-lite) write a bare NUnit 3 suite.
    return root?.name === 'test-suite' && /\btype=["'](Assembly|TestSuite|TestFixture)["']/.test(root.attributes);
  },
  parse: (chunks, options) => readXml(chunks, options, new NUnitReader()),
};

class NUnitReader implements XmlHandler<ImportEvent> {
  readonly textElements = new Set(['message', 'stack-trace', 'output']);
  private readonly path: string[] = [];
  private readonly suites: OpenSuite[] = [];
  private current: OpenCase | undefined;
  private run: Extract<ImportEvent, { kind: 'run' }> | undefined = { kind: 'run' };

  open(element: XmlElement, context: XmlContext<ImportEvent>): void {
    const { name, attributes: a } = element;
    const parent = this.path.at(-1);
    this.path.push(name);
    if (element.depth === 1) {
      expectRoot(element, ['test-run', 'test-results', 'test-suite'], 'NUnit', context);
      const start = isoTime(a['start-time']);
      if (start) this.run!.startTime = start;
      const duration = secondsToMs(a.duration);
      if (duration !== undefined) this.run!.duration = duration;
    }
    if (name === 'test-suite') {
      this.suites.push(this.openSuite(a));
    } else if (name === 'test-case') {
      this.current = { attributes: a, properties: {} };
    } else if (name === 'failure' && parent === 'test-case' && this.current) {
      this.current.failed = true;
    } else if (name === 'environment' && this.run) {
      this.run.environment = { ...a };
      const device: NonNullable<MachineDocument['deviceConfiguration']> = {};
      if (a['machine-name']) device.hostName = a['machine-name'];
      if (a['os-version']) device.osVersion = a['os-version'];
      if (a.platform) device.platform = a.platform;
      this.run.machine = { deviceConfiguration: device };
      this.emitRun(context);
    } else if (name === 'property' && a.name !== undefined) {
      const owner = this.path.at(-3) === 'test-case' ? this.current?.properties : this.suites.at(-1)?.properties;
      if (owner) owner[a.name] = a.value ?? '';
    } else if (name === 'category' && parent === 'categories' && a.name !== undefined) {
      const owner = this.path.at(-3) === 'test-case' ? this.current?.properties : this.suites.at(-1)?.properties;
      if (owner) owner.categories = owner.categories ? `${owner.categories}, ${a.name}` : a.name;
    }
  }

  close(name: string, text: string, context: XmlContext<ImportEvent>): void {
    this.path.pop();
    const parent = this.path.at(-1);
    const grandparent = this.path.at(-2);
    const current = this.current;
    if (name === 'test-suite') {
      this.suites.pop();
    } else if (name === 'test-case' && current) {
      this.emitCase(current, context);
      this.current = undefined;
    } else if (current && grandparent === 'test-case' && name === 'message') {
      // failure/message explains a failure; reason/message why a test was skipped.
      if (parent === 'failure' || (parent === 'reason' && current.message === undefined)) current.message = nonBlank(text);
    } else if (current && grandparent === 'test-case' && name === 'stack-trace' && parent === 'failure') {
      current.stackTrace = nonBlank(text);
    } else if (current && parent === 'test-case' && name === 'output') {
      current.output = textOrNull(text);
    }
  }

  end(context: XmlContext<ImportEvent>): void {
    this.emitRun(context);
  }

  /** Cut off: the fixture that was open is the incomplete suite. */
  truncated(): SuiteInfo | undefined {
    return this.suites.length > 0 ? this.suiteOf() : undefined;
  }

  private emitRun(context: XmlContext<ImportEvent>): void {
    if (this.run) context.emit(this.run);
    this.run = undefined;
  }

  private openSuite(a: Readonly<Record<string, string>>): OpenSuite {
    const name = a.name ?? '';
    const outer = this.suites.at(-1)?.namespaces ?? '';
    const fullName = a.fullname ?? (a.type === 'TestFixture' && outer ? `${outer}.${name}` : name);
    return {
      type: a.type,
      name,
      fullName,
      namespaces: a.type === 'Namespace' ? (outer ? `${outer}.${name}` : name) : outer,
      properties: {},
      start: isoTime(a['start-time']),
      duration: secondsToMs(a.duration ?? a.time),
    };
  }

  /** Innermost TestFixture; else innermost suite that is not a method group; else the innermost suite. */
  private suiteOf(): SuiteInfo {
    const open =
      innermost(this.suites, (s) => s.type === 'TestFixture') ??
      innermost(this.suites, (s) => s.type === undefined || !METHOD_GROUPS.has(s.type)) ??
      this.suites.at(-1);
    if (!open) return (this.orphans ??= { name: 'NUnit' });
    open.info ??= {
      name: open.fullName || open.name || 'NUnit',
      startTime: open.start ?? null,
      duration: open.duration ?? null,
      properties: Object.keys(open.properties).length > 0 ? open.properties : null,
    };
    return open.info;
  }

  private orphans: SuiteInfo | undefined;

  private emitCase(current: OpenCase, context: XmlContext<ImportEvent>): void {
    this.emitRun(context);
    const a = current.attributes;
    const suite = this.suiteOf();
    const fullName = a.fullname ?? a.name ?? '(unnamed test)';
    // NUnit 2 names are fully qualified; show them relative to their fixture.
    const name = a.fullname === undefined && fullName.startsWith(`${suite.name}.`) ? fullName.slice(suite.name.length + 1) : (a.name ?? fullName);
    const outcome = [a.result, a.label].filter(Boolean).join(':');
    const properties = { ...current.properties, ...(outcome ? { outcome } : {}), ...(a.description ? { description: a.description } : {}) };
    const testCase: CaseDocument = {
      name,
      identity: fullName,
      result: resultOf(current),
      message: current.message ?? null,
      stackTrace: current.stackTrace ?? null,
      systemOut: current.output ?? null,
      startTime: isoTime(a['start-time']) ?? null,
      endTime: isoTime(a['end-time']) ?? null,
      duration: secondsToMs(a.duration ?? a.time) ?? null,
      isDisabled: a.runstate === 'Ignored' || a.runstate === 'NotRunnable' || null,
      properties: Object.keys(properties).length > 0 ? properties : null,
    };
    context.emit({ kind: 'case', suite, case: testCase });
  }
}

function innermost(suites: readonly OpenSuite[], matches: (suite: OpenSuite) => boolean): OpenSuite | undefined {
  for (let i = suites.length - 1; i >= 0; i--) if (matches(suites[i])) return suites[i];
  return undefined;
}
