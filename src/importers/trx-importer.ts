/**
 * TRX, the Visual Studio / `dotnet test --logger trx` format (namespace
 * http://microsoft.com/schemas/VisualStudio/TeamTest/2010, or the 2006 one of older Visual Studio).
 *
 * A `<UnitTestResult>` carries the outcome but not the test class: that sits in `<TestDefinitions>`
 * (`<UnitTest id><TestMethod className>`), which Visual Studio writes before `<Results>` and `dotnet test`
 * writes after. Results seen before the definitions are held in memory until `</TestDefinitions>` (or the
 * end of the file) and then yielded; results seen after are yielded as they complete. So a `dotnet test`
 * file costs memory proportional to its results section, bounded by the upload size limit; the
 * testId -> class map itself is one short entry per test.
 */
import type { CaseDocument, InputResult, IterationDocument } from '../core/document.js';
import type { ImportEvent, Importer, SuiteInfo } from './importer.js';
import { expectRoot, readXml, type XmlContext, type XmlElement, type XmlHandler } from './xml/xml-reader.js';
import { rootElement } from './xml/sniff.js';
import { isoTimestamp as isoTime, nonBlank, textOrNull, timeSpanToMs } from './values.js';

const TRX_NAMESPACE = /^http:\/\/microsoft\.com\/schemas\/VisualStudio\/TeamTest\/20(06|10)$/;

/** TRX outcomes (Microsoft.VisualStudio.TestTools.Common.TestOutcome) to results. */
const OUTCOMES: Readonly<Record<string, InputResult>> = {
  Passed: 'SUCCESS',
  PassedButRunAborted: 'SUCCESS',
  Completed: 'SUCCESS',
  Warning: 'SUCCESS',
  Failed: 'FAILURE',
  Error: 'FAILURE',
  Timeout: 'FAILURE',
  Aborted: 'ABORTED',
  Disconnected: 'ABORTED',
  InProgress: 'ABORTED',
  NotExecuted: 'SKIPPED',
  NotRunnable: 'SKIPPED',
  Inconclusive: 'SKIPPED',
  Pending: 'SKIPPED',
};

/** Missing or unknown outcome: the result exists, so the test ran; treat it as an error like other readers. */
function resultOf(outcome: string | undefined): InputResult {
  return (outcome !== undefined && OUTCOMES[outcome]) || 'FAILURE';
}

interface TrxResult {
  testId: string;
  testName: string;
  outcome?: string;
  startTime?: string | null;
  endTime?: string | null;
  duration?: number | null;
  message?: string | null;
  stackTrace?: string | null;
  systemOut?: string | null;
  systemErr?: string | null;
  inner: TrxResult[];
}

interface TestDefinition {
  className: string;
}

export const trxImporter: Importer = {
  format: 'trx',
  detect: (head) => {
    const root = rootElement(head);
    return root?.name === 'TestRun' && /microsoft\.com\/schemas\/VisualStudio\/TeamTest/.test(root.attributes);
  },
  parse: (chunks, options) => readXml(chunks, options, new TrxReader()),
};

class TrxReader implements XmlHandler<ImportEvent> {
  readonly textElements = new Set(['Message', 'StackTrace', 'StdOut', 'StdErr']);
  private readonly path: string[] = [];
  private readonly definitions = new Map<string, TestDefinition>();
  private definitionsRead = false;
  private readonly heldBack: TrxResult[] = [];
  private readonly openResults: TrxResult[] = [];
  private currentDefinitionId: string | undefined;
  private readonly suites = new Map<string, SuiteInfo>();
  private environment: Record<string, string> = {};
  private runEmitted = false;

  open(element: XmlElement, context: XmlContext<ImportEvent>): void {
    const { name, attributes: a } = element;
    if (element.depth === 1) {
      expectRoot(element, ['TestRun'], 'TRX', context);
      if (!TRX_NAMESPACE.test(element.uri)) context.fail('<TestRun> is not in the TRX (TeamTest) namespace');
      if (a.name) this.environment.runName = a.name;
      if (a.runUser) this.environment.runUser = a.runUser;
    }
    const parent = this.path.at(-1);
    this.path.push(name);
    if (name === 'Times' && parent === 'TestRun') {
      const start = isoTime(a.start);
      const finish = isoTime(a.finish);
      const duration = start && finish ? Date.parse(finish) - Date.parse(start) : undefined;
      this.emitRun(context, { startTime: start, duration: duration !== undefined && duration >= 0 ? duration : undefined });
    } else if (name === 'UnitTestResult') {
      this.openResults.push({
        testId: a.testId ?? '',
        testName: a.testName ?? '(unnamed test)',
        outcome: a.outcome,
        startTime: isoTime(a.startTime),
        endTime: isoTime(a.endTime),
        duration: timeSpanToMs(a.duration),
        inner: [],
      });
    } else if (name === 'UnitTest' && parent === 'TestDefinitions') {
      this.currentDefinitionId = a.id;
    } else if (name === 'TestMethod' && parent === 'UnitTest' && this.currentDefinitionId !== undefined) {
      // Visual Studio 2010-era files write "Namespace.Class, Assembly, Version=..."; keep the class.
      const className = (a.className ?? '').split(',')[0].trim();
      this.definitions.set(this.currentDefinitionId, { className });
    }
  }

  close(name: string, text: string, context: XmlContext<ImportEvent>): void {
    this.path.pop();
    const result = this.openResults.at(-1);
    const parent = this.path.at(-1);
    if (result !== undefined) {
      if (name === 'Message' && parent === 'ErrorInfo') result.message = nonBlank(text);
      else if (name === 'StackTrace' && parent === 'ErrorInfo') result.stackTrace = nonBlank(text);
      else if (name === 'StdOut' && parent === 'Output') result.systemOut = textOrNull(text);
      else if (name === 'StdErr' && parent === 'Output') result.systemErr = textOrNull(text);
    }
    if (name === 'UnitTestResult') {
      const done = this.openResults.pop()!;
      const outer = this.openResults.at(-1);
      if (outer !== undefined) outer.inner.push(done);
      else if (this.definitionsRead) this.emitCase(done, context);
      else this.heldBack.push(done);
    } else if (name === 'TestDefinitions') {
      this.definitionsRead = true;
      for (const held of this.heldBack.splice(0)) this.emitCase(held, context);
    }
  }

  end(context: XmlContext<ImportEvent>): void {
    this.emitRun(context, {});
    for (const held of this.heldBack.splice(0)) this.emitCase(held, context);
  }

  private emitRun(context: XmlContext<ImportEvent>, times: { startTime?: string | null; duration?: number | null }): void {
    if (this.runEmitted) return;
    this.runEmitted = true;
    context.emit({ kind: 'run', environment: this.environment, ...times });
  }

  private emitCase(result: TrxResult, context: XmlContext<ImportEvent>): void {
    this.emitRun(context, {});
    const className = this.definitions.get(result.testId)?.className || guessClassName(result.testName);
    const name = className && result.testName.startsWith(`${className}.`) ? result.testName.slice(className.length + 1) : result.testName;
    const suiteName = className || 'TRX';
    let suite = this.suites.get(suiteName);
    if (suite === undefined) this.suites.set(suiteName, (suite = { name: suiteName }));
    const testCase: CaseDocument = {
      name,
      identity: className ? `${className}.${name}` : result.testName,
      ...details(result),
      isDataDriven: result.inner.length > 0 || null,
      iterations: result.inner.length > 0 ? result.inner.map(iteration) : null,
      properties: result.outcome !== undefined ? { outcome: result.outcome } : null,
    };
    context.emit({ kind: 'case', suite, case: testCase });
  }
}

function details(result: TrxResult) {
  return {
    result: resultOf(result.outcome),
    message: result.message ?? null,
    stackTrace: result.stackTrace ?? null,
    systemOut: result.systemOut ?? null,
    systemErr: result.systemErr ?? null,
    startTime: result.startTime ?? null,
    endTime: result.endTime ?? null,
    duration: result.duration ?? null,
  };
}

function iteration(result: TrxResult): IterationDocument {
  const { result: outcome, message, startTime, endTime, duration } = details(result);
  return { name: result.testName, result: outcome, message, startTime, endTime, duration };
}

/** Without a definition, a dotted test name ("Ns.Class.Method") still names its class. */
function guessClassName(testName: string): string {
  const call = testName.indexOf('(');
  const head = call >= 0 ? testName.slice(0, call) : testName;
  const dot = head.lastIndexOf('.');
  return dot > 0 ? head.slice(0, dot) : '';
}
