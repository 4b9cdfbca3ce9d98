/**
 * Validates a run document's meaning and derives everything derivable (pure).
 * Shape (types, required keys) is checked before, by the schema; this checks that the document agrees
 * with itself and fills in results, times, durations and counts.
 */
import { countItems, addCounts, ZERO_COUNTS, type Counts } from '../core/counts.js';
import { rollUp } from '../core/rollup.js';
import { caseResultFromSteps, counts as stepCounts, resolveSteps, type ResolvedStep, type StepFacts } from '../core/steps.js';
import { maxTime, minTime, parseIsoTime, span, type Millis } from '../core/time.js';
import { ERROR_TYPES_BY_CODE, RESULT_ALIASES, type Result, type Status } from '../core/vocabulary.js';
import type { CaseDocument, InputResult, IterationDocument, MachineDocument, RunDocument, StepDocument, SuiteDocument } from './document.js';
import type { FixedIds, NormalizedCase, NormalizedMachine, NormalizedRun, NormalizedStep, NormalizedSuite } from './normalized.js';

/** Step groups nest at most this deep (a bound for hostile input; real reports use two or three). */
export const MAX_STEP_DEPTH = 8;

export interface DocumentProblem {
  /** JSON path of the offending field, e.g. `machines[0].suites[1].cases[2].result`. */
  field: string;
  message: string;
}

export type NormalizeResult = { ok: true; run: NormalizedRun } | { ok: false; problem: DocumentProblem };

export interface NormalizeOptions {
  /** Trusted loaders (seed fixture, demo) may pin ids with a `fixed` object on any node. */
  trustFixedIds?: boolean;
}

class Problem extends Error {
  constructor(readonly field: string, readonly why: string) {
    super(`${field} ${why}`);
  }
}

export function normalizeRun(doc: RunDocument, options: NormalizeOptions = {}): NormalizeResult {
  try {
    return { ok: true, run: run(doc, options) };
  } catch (e) {
    if (e instanceof Problem) return { ok: false, problem: { field: e.field, message: e.why } };
    throw e;
  }
}

function run(doc: RunDocument, options: NormalizeOptions): NormalizedRun {
  if (!doc.testPlan?.trim()) throw new Problem('testPlan', 'must be a non-empty plan name');
  if (!doc.machines.length) throw new Problem('machines', 'must hold at least one machine');
  const machines = doc.machines.map((m, i) => machine(m, `machines[${i}]`, options));
  const titles = new Set<string>();
  machines.forEach((m, i) => {
    if (titles.has(m.title)) throw new Problem(`machines[${i}].deviceConfiguration.title`, `repeats "${m.title}": machines of a run need distinct titles`);
    titles.add(m.title);
  });
  const times = ownTimes(doc, 'run', machines);
  const result = rollUp(machines.map((m) => m.result)) ?? 'NOT_EXECUTED';
  const counts = machines.reduce<Counts>((sum, m) => addCounts(sum, m.counts), { ...ZERO_COUNTS });
  return {
    fixed: fixedOf(doc, options),
    testPlan: doc.testPlan.trim(),
    buildNo: doc.buildNo ?? null,
    triggeredType: doc.triggeredType ?? 'API',
    executor: doc.executor ?? null,
    reRunParentId: doc.reRunParentId ?? null,
    reRunType: doc.reRunType ?? (doc.reRunParentId ? 'ONLY_FAILED_TESTS' : null),
    environment: doc.environment ?? null,
    ...times,
    result,
    status: statusOf(result),
    message: runMessage(result),
    counts,
    metricsDuration: metricsDuration(times, firstCaseStart(machines.flatMap((m) => m.suites.flatMap((s) => s.cases)))),
    machines,
  };
}

function machine(doc: MachineDocument, at: string, options: NormalizeOptions): NormalizedMachine {
  const dc = doc.deviceConfiguration ?? {};
  const title = dc.title?.trim() || [dc.platform, dc.browser ?? dc.deviceName].filter(Boolean).join(' ') || 'default';
  if (!doc.suites.length) throw new Problem(`${at}.suites`, 'must hold at least one suite');
  const suites = doc.suites.map((s, i) => suite(s, `${at}.suites[${i}]`, options));
  const times = ownTimes(doc, at, suites);
  const result = rollUp(suites.map((s) => s.result)) ?? 'NOT_EXECUTED';
  return {
    fixed: fixedOf(doc, options),
    title,
    deviceConfiguration: {
      title,
      osVersion: dc.osVersion ?? null,
      browser: dc.browser ?? null,
      browserVersion: dc.browserVersion ?? null,
      resolution: dc.resolution ?? null,
      platform: dc.platform ?? null,
      deviceName: dc.deviceName ?? null,
      hostName: dc.hostName ?? null,
      osType: dc.osType ?? null,
    },
    appDetails: doc.appDetails ?? null,
    ...times,
    result,
    status: statusOf(result),
    counts: suites.reduce<Counts>((sum, s) => addCounts(sum, s.counts), { ...ZERO_COUNTS }),
    metricsDuration: metricsDuration(times, firstCaseStart(suites.flatMap((s) => s.cases))),
    suites,
  };
}

function suite(doc: SuiteDocument, at: string, options: NormalizeOptions): NormalizedSuite {
  if (!doc.name?.trim()) throw new Problem(`${at}.name`, 'must be a non-empty suite name');
  if (!doc.cases.length) throw new Problem(`${at}.cases`, 'must hold at least one case');
  const cases = doc.cases.map((c, i) => testCase(c, `${at}.cases[${i}]`, doc.name.trim(), options));
  const times = ownTimes(doc, at, cases);
  const result = rollUp(cases.map((c) => c.result)) ?? 'NOT_EXECUTED';
  return {
    fixed: fixedOf(doc, options),
    name: doc.name.trim(),
    ...times,
    result,
    status: statusOf(result),
    counts: countItems(cases),
    metricsDuration: metricsDuration(times, firstCaseStart(cases)),
    cases,
  };
}

export type NormalizeCaseResult = { ok: true; case: NormalizedCase } | { ok: false; problem: DocumentProblem };

/**
 * One case on its own, by the same rules as inside `normalizeRun`: the streaming import sink
 * (import-report.ts) normalizes case by case and never holds a whole run document.
 *
 * @example normalizeCase({ name: 'adds', result: 'PASSED', duration: 12 }, 'Calculator') // identity 'Calculator::adds'
 */
export function normalizeCase(doc: CaseDocument, suiteName: string, at = 'case', options: NormalizeOptions = {}): NormalizeCaseResult {
  try {
    return { ok: true, case: testCase(doc, at, suiteName.trim(), options) };
  } catch (e) {
    if (e instanceof Problem) return { ok: false, problem: { field: e.field, message: e.why } };
    throw e;
  }
}

function testCase(doc: CaseDocument, at: string, suiteName: string, options: NormalizeOptions): NormalizedCase {
  if (!doc.name?.trim()) throw new Problem(`${at}.name`, 'must be a non-empty case name');
  const iterationsDocs = doc.iterations ?? [];
  const isDataDriven = doc.isDataDriven ?? iterationsDocs.length > 0;
  if (iterationsDocs.length && !isDataDriven) throw new Problem(`${at}.isDataDriven`, 'is false, but the case has iterations');
  if (iterationsDocs.length && doc.steps?.length) throw new Problem(`${at}.steps`, 'must be empty on a data-driven case: steps belong to its iterations');
  const base = caseBody(doc, at, options, iterationsDocs.length > 0);
  const identity = doc.identity?.trim() || `${suiteName}::${doc.name.trim()}`;
  if (!iterationsDocs.length) return { ...base, name: doc.name.trim(), identity, isDataDriven, iterations: [] };

  const iterations = iterationsDocs.map((it, i) => ({
    ...caseBody(it, `${at}.iterations[${i}]`, options),
    name: doc.name.trim(),
    identity,
    isDataDriven: false,
    iteration: i + 1,
    dataSetName: it.name,
    iterations: [],
  }));
  const derived = rollUp(iterations.map((it) => it.result))!;
  const result = checkGiven(doc.result, derived, `${at}.result`, 'its iterations');
  const start = base.startTime ?? minTime(iterations.map((i) => i.startTime));
  const end = base.endTime ?? maxTime(iterations.map((i) => i.endTime));
  return {
    ...base,
    name: doc.name.trim(),
    identity,
    isDataDriven: true,
    result,
    status: statusOf(result),
    skipped: iterations.every((i) => i.skipped),
    startTime: start,
    endTime: end,
    duration: doc.duration ?? span(start, end) ?? sumDurations(iterations),
    // A data-driven parent counts its iterations (reference.md §4.1).
    counts: countItems(iterations),
    iterations,
  };
}

type CaseBody = Omit<NormalizedCase, 'name' | 'identity' | 'isDataDriven' | 'iterations'>;

/** `hasIterations`: a data-driven parent, whose result comes from its iterations (checked by the caller). */
function caseBody(doc: CaseDocument | IterationDocument, at: string, options: NormalizeOptions, hasIterations = false): CaseBody {
  const stepDocs = doc.steps ?? [];
  const steps = normalizeSteps(stepDocs, at, options);
  const given = inputResult(doc.result, `${at}.result`);
  let result: Result;
  if (stepDocs.length) {
    const derived = caseResultFromSteps(stepFacts(stepDocs), steps);
    result = given ? checkGiven(doc.result, derived, `${at}.result`, 'its steps') : derived;
  } else if (given) {
    result = given.result;
  } else if (hasIterations) {
    result = 'NOT_EXECUTED';
  } else {
    throw new Problem(`${at}.result`, 'is required for a case without steps');
  }
  if (result === 'QUEUED') throw new Problem(`${at}.result`, 'cannot be QUEUED in a finished report; use the live API for runs in progress');
  const startTime = time(doc.startTime, `${at}.startTime`) ?? minTime(steps.map((s) => s.startTime));
  const endTime = time(doc.endTime, `${at}.endTime`) ?? maxTime(steps.map((s) => s.endTime));
  checkOrder(startTime, endTime, at);
  const c = doc as CaseDocument;
  return {
    fixed: fixedOf(doc, options),
    result,
    status: statusOf(result),
    skipped: given?.skipped ?? false,
    message: doc.message ?? null,
    startTime,
    endTime,
    duration: duration(doc.duration, `${at}.duration`) ?? span(startTime, endTime) ?? sumDurations(steps),
    isDisabled: c.isDisabled ?? false,
    iteration: null,
    dataSetName: null,
    errorType: c.errorType ?? null,
    stackTrace: c.stackTrace ?? null,
    systemOut: c.systemOut ?? null,
    systemErr: c.systemErr ?? null,
    attempts: c.attempts?.length ? c.attempts : null,
    flaky: c.flaky ?? false,
    properties: c.properties ?? null,
    counts: countItems(steps.filter((s) => stepCounts(s))),
    steps,
  };
}

function normalizeSteps(docs: readonly StepDocument[], at: string, options: NormalizeOptions): NormalizedStep[] {
  // Checked without recursion first: the rules below recurse, and hostile nesting must not reach them.
  const tooDeep = firstTooDeep(docs);
  if (tooDeep) throw new Problem(`${at}${tooDeep}`, `is nested deeper than ${MAX_STEP_DEPTH} levels of step groups`);
  const resolved = resolveSteps(stepFacts(docs));
  if (!Array.isArray(resolved)) {
    const field = `${at}${resolved.path.map((i) => `.steps[${i}]`).join('')}.${resolved.field}`;
    throw new Problem(field, resolved.message);
  }
  return build(docs, resolved, at, '');

  function build(stepDocs: readonly StepDocument[], results: ResolvedStep[], where: string, prefix: string): NormalizedStep[] {
    return stepDocs.map((doc, i) => {
      const here = `${where}.steps[${i}]`;
      const r = results[i]!;
      const pathKey = prefix ? `${prefix}.${i + 1}` : `${i + 1}`;
      const children = build(doc.steps ?? [], r.children, here, pathKey);
      const startTime = time(doc.startTime, `${here}.startTime`) ?? minTime(children.map((c) => c.startTime));
      const endTime = time(doc.endTime, `${here}.endTime`) ?? maxTime(children.map((c) => c.endTime));
      checkOrder(startTime, endTime, here);
      if (!doc.action?.trim()) throw new Problem(`${here}.action`, 'must be a non-empty step description');
      const errorCode = doc.errorCode ?? null;
      return {
        fixed: fixedOf(doc, options),
        pathKey,
        action: doc.action,
        type: doc.type ?? (children.length ? 'STEP_GROUP' : 'ACTION_TEXT'),
        priority: doc.priority ?? 'MAJOR',
        result: r.result,
        skipped: r.skipped,
        message: r.message,
        errorCode,
        errorType: doc.errorType ?? (errorCode !== null ? (ERROR_TYPES_BY_CODE[errorCode] ?? null) : null),
        conditionType: doc.conditionType ?? 'NOT_USED',
        ignoreResult: doc.ignoreResult ?? false,
        startTime,
        endTime,
        duration: duration(doc.duration, `${here}.duration`) ?? span(startTime, endTime) ?? sumDurations(children),
        children,
      };
    });
  }
}

/** The path of the first step nested deeper than MAX_STEP_DEPTH, found without recursion. */
function firstTooDeep(docs: readonly StepDocument[]): string | undefined {
  const stack: { steps: readonly StepDocument[]; path: string; depth: number }[] = [{ steps: docs, path: '', depth: 1 }];
  while (stack.length) {
    const { steps, path, depth } = stack.pop()!;
    for (const [i, step] of steps.entries()) {
      const here = `${path}.steps[${i}]`;
      if (depth > MAX_STEP_DEPTH) return here;
      if (step.steps?.length) stack.push({ steps: step.steps, path: here, depth: depth + 1 });
    }
  }
  return undefined;
}

function stepFacts(docs: readonly StepDocument[]): StepFacts[] {
  return docs.map((d) => {
    const given = d.result ? normalizeResultName(d.result) : undefined;
    return {
      result: given?.result,
      skipped: given?.skipped,
      message: d.message,
      priority: d.priority,
      conditionType: d.conditionType,
      ignoreResult: d.ignoreResult,
      children: stepFacts(d.steps ?? []),
    };
  });
}

/** PASSED/FAILED/SKIPPED are accepted on input; SKIPPED is stored as NOT_EXECUTED and flagged. */
export function normalizeResultName(input: InputResult): { result: Result; skipped: boolean } {
  if (input === 'SKIPPED') return { result: 'NOT_EXECUTED', skipped: true };
  return { result: (RESULT_ALIASES as Record<string, Result>)[input] ?? (input as Result), skipped: false };
}

function inputResult(input: InputResult | null | undefined, _field: string) {
  return input ? normalizeResultName(input) : undefined;
}

/** A given result may be worse than the derived one (a failure outside any step), never better. */
function checkGiven(given: InputResult | null | undefined, derived: Result, field: string, from: string): Result {
  if (!given) return derived;
  const { result } = normalizeResultName(given);
  if (result === 'SUCCESS' && derived !== 'SUCCESS') throw new Problem(field, `is SUCCESS, but ${from} roll up to ${derived}`);
  return result;
}

function ownTimes(doc: { startTime?: string | null; endTime?: string | null; duration?: number | null }, at: string, children: { startTime: Millis | null; endTime: Millis | null; duration: number | null }[]) {
  const prefix = at === 'run' ? '' : `${at}.`;
  const startTime = time(doc.startTime, `${prefix}startTime`) ?? minTime(children.map((c) => c.startTime));
  const endTime = time(doc.endTime, `${prefix}endTime`) ?? maxTime(children.map((c) => c.endTime));
  checkOrder(startTime, endTime, at === 'run' ? '' : at);
  return { startTime, endTime, duration: duration(doc.duration, `${prefix}duration`) ?? span(startTime, endTime) ?? sumDurations(children) };
}

function time(value: string | null | undefined, field: string): Millis | null {
  if (value === null || value === undefined) return null;
  const ms = parseIsoTime(value);
  if (ms === undefined) throw new Problem(field, `is not an ISO-8601 time: "${value}"`);
  return ms;
}

function duration(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value < 0) throw new Problem(field, 'must be a non-negative number of milliseconds');
  return Math.round(value);
}

function checkOrder(start: Millis | null, end: Millis | null, at: string) {
  if (start !== null && end !== null && end < start) throw new Problem(`${at ? `${at}.` : ''}endTime`, 'is before startTime');
}

function sumDurations(items: { duration: number | null }[]): number | null {
  return items.some((i) => i.duration !== null) ? items.reduce((sum, i) => sum + (i.duration ?? 0), 0) : null;
}

function firstCaseStart(cases: NormalizedCase[]): Millis | null {
  return minTime(cases.map((c) => c.startTime));
}

/** metrics.duration: from the first test case's start to the end (reference.md §4.3); else the duration. */
export function metricsDuration(times: { endTime: Millis | null; duration: number | null }, firstStart: Millis | null): number | null {
  return span(firstStart, times.endTime) ?? times.duration;
}

function statusOf(result: Result): Status {
  return result === 'QUEUED' ? 'STATUS_IN_PROGRESS' : 'STATUS_COMPLETED';
}

export function runMessage(result: Result): string | null {
  if (result === 'QUEUED') return null;
  if (result === 'STOPPED') return 'Test Plan Execution Was Stopped';
  if (result === 'SUCCESS') return 'Test plan execution completed';
  return 'Test plan execution failed';
}

function fixedOf(doc: object, options: NormalizeOptions): FixedIds | undefined {
  return options.trustFixedIds ? (doc as { fixed?: FixedIds }).fixed : undefined;
}
