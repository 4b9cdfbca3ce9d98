/**
 * xUnit.net XML: v2/v3 (`<assemblies><assembly><collection><test>`) and the v1 layout
 * (`<assembly><class><test>`), which Fixie and older runners still write.
 * A case's suite is its test class (`type`), falling back to the enclosing collection or class.
 */
import type { CaseDocument, InputResult } from '../core/document.js';
import type { ImportEvent, Importer, SuiteInfo } from './importer.js';
import { expectRoot, readXml, type XmlContext, type XmlElement, type XmlHandler } from './xml/xml-reader.js';
import { rootElement } from './xml/sniff.js';
import { isoTimestamp as isoTime, nonBlank, secondsToMs, textOrNull } from './values.js';

const RESULTS: Readonly<Record<string, InputResult>> = {
  Pass: 'SUCCESS',
  Fail: 'FAILURE',
  Skip: 'SKIPPED',
  // v3: an explicit test that was not asked for.
  NotRun: 'SKIPPED',
};

interface OpenTest {
  attributes: Readonly<Record<string, string>>;
  message?: string | null;
  stackTrace?: string | null;
  errorType?: string | null;
  reason?: string | null;
  output?: string | null;
  traits: Record<string, string>;
}

export const xunitImporter: Importer = {
  format: 'xunit',
  detect: (head) => {
    const root = rootElement(head)?.name;
    return root === 'assemblies' || root === 'assembly';
  },
  parse: (chunks, options) => readXml(chunks, options, new XUnitReader()),
};

class XUnitReader implements XmlHandler<ImportEvent> {
  readonly textElements = new Set(['message', 'stack-trace', 'reason', 'output']);
  private readonly path: string[] = [];
  private readonly suites = new Map<string, SuiteInfo>();
  /** The enclosing `<collection>` (v2) or `<class>` (v1). */
  private group: { name: string; duration: number | null } | undefined;
  private current: OpenTest | undefined;
  private runEmitted = false;

  open(element: XmlElement, context: XmlContext<ImportEvent>): void {
    const { name, attributes: a } = element;
    const parent = this.path.at(-1);
    this.path.push(name);
    if (element.depth === 1) expectRoot(element, ['assemblies', 'assembly'], 'xUnit.net', context);
    if (name === 'assembly' && !this.runEmitted) {
      this.runEmitted = true;
      const environment: Record<string, string> = {};
      for (const key of ['name', 'test-framework', 'environment', 'config-file'] as const) if (a[key]) environment[key === 'name' ? 'assembly' : key] = a[key];
      context.emit({ kind: 'run', environment, startTime: isoTime(`${a['run-date']}T${a['run-time']}`) ?? null, duration: secondsToMs(a.time) ?? null });
    } else if ((name === 'collection' || name === 'class') && parent === 'assembly') {
      this.group = { name: a.name ?? '', duration: secondsToMs(a.time) };
    } else if (name === 'test') {
      this.current = { attributes: a, traits: {} };
    } else if (name === 'failure' && this.current) {
      this.current.errorType = a['exception-type'];
    } else if (name === 'trait' && this.current && a.name !== undefined) {
      const traits = this.current.traits;
      traits[a.name] = traits[a.name] !== undefined ? `${traits[a.name]}, ${a.value ?? ''}` : (a.value ?? '');
    }
  }

  close(name: string, text: string, context: XmlContext<ImportEvent>): void {
    this.path.pop();
    const parent = this.path.at(-1);
    const current = this.current;
    if (name === 'test' && current) {
      this.emitCase(current, context);
      this.current = undefined;
    } else if (name === 'collection' || name === 'class') {
      this.group = undefined;
    } else if (current && parent === 'failure' && name === 'message') {
      current.message = nonBlank(text);
    } else if (current && parent === 'failure' && name === 'stack-trace') {
      current.stackTrace = nonBlank(text);
    } else if (current && parent === 'test' && name === 'reason') {
      current.reason = nonBlank(text);
    } else if (current && parent === 'test' && name === 'output') {
      current.output = textOrNull(text);
    }
  }

  private suiteNamed(name: string): SuiteInfo {
    let suite = this.suites.get(name);
    if (suite === undefined) {
      const duration = this.group?.name === name ? this.group.duration : undefined;
      this.suites.set(name, (suite = { name, duration: duration ?? null }));
    }
    return suite;
  }

  private emitCase(current: OpenTest, context: XmlContext<ImportEvent>): void {
    const a = current.attributes;
    const className = a.type ?? '';
    const suite = this.suiteNamed(className || this.group?.name || 'xUnit.net');
    const fullName = a.name ?? ([className, a.method].filter(Boolean).join('.') || '(unnamed test)');
    const name = className && fullName.startsWith(`${className}.`) ? fullName.slice(className.length + 1) : fullName;
    const properties: Record<string, string> = { ...current.traits };
    if (a.result) properties.outcome = a.result;
    if (a['source-file']) properties.sourceFile = a['source-file'];
    if (a['source-line']) properties.sourceLine = a['source-line'];
    const testCase: CaseDocument = {
      name,
      identity: className && !fullName.startsWith(`${className}.`) ? `${className}.${fullName}` : fullName,
      result: (a.result !== undefined && RESULTS[a.result]) || 'FAILURE',
      message: current.message ?? current.reason ?? null,
      errorType: current.errorType ?? null,
      stackTrace: current.stackTrace ?? null,
      systemOut: current.output ?? null,
      duration: secondsToMs(a.time) ?? null,
      properties: Object.keys(properties).length > 0 ? properties : null,
    };
    context.emit({ kind: 'case', suite, case: testCase });
  }
}
