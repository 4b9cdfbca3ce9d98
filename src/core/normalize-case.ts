/**
 * One test case's meaning, checked and derived (pure): results from steps or iterations, the MAJOR-step
 * rule, times and durations, counts. Used for whole documents (normalize-run.ts) and case by case by the
 * streaming import, which never holds a whole run.
 */
import { countItems } from './counts.js';
import type { CaseDocument, IterationDocument, StepDocument } from './document.js';
import type { NormalizedCase, NormalizedStep } from './normalized.js';
import { caught, checkOrder, duration, fixedOf, Problem, sumDurations, time, type DocumentProblem, type NormalizeOptions } from './normalize-parts.js';
import { normalizeResultName, statusOf } from './results.js';
import { rollUp } from './rollup.js';
import { caseResultFromSteps, counts as stepCounts, failedStepMessage, resolveSteps, type ResolvedStep, type StepFacts } from './steps.js';
import { maxTime, minTime, span } from './time.js';
import { ERROR_TYPES_BY_CODE, type Result } from './vocabulary.js';

/** Step groups nest at most this deep (a bound for hostile input; real reports use two or three). */
export const MAX_STEP_DEPTH = 8;

export type NormalizeCaseResult = { ok: true; case: NormalizedCase } | { ok: false; problem: DocumentProblem };

/** @example normalizeCase({ name: 'adds', result: 'PASSED', duration: 12 }, 'Calculator') // identity 'Calculator::adds' */
export function normalizeCase(doc: CaseDocument, suiteName: string, at = 'case', options: NormalizeOptions = {}): NormalizeCaseResult {
  const outcome = caught(() => testCase(doc, at, suiteName.trim(), options));
  return outcome.ok ? { ok: true, case: outcome.value } : outcome;
}

export function testCase(doc: CaseDocument, at: string, suiteName: string, options: NormalizeOptions): NormalizedCase {
  if (!doc.name?.trim()) throw new Problem(`${at}.name`, 'must be a non-empty case name');
  const iterationsDocs = doc.iterations ?? [];
  const isDataDriven = doc.isDataDriven ?? iterationsDocs.length > 0;
  if (iterationsDocs.length && !isDataDriven) throw new Problem(`${at}.isDataDriven`, 'is false, but the case has iterations');
  if (iterationsDocs.length && doc.steps?.length) throw new Problem(`${at}.steps`, 'must be empty on a data-driven case: steps belong to its iterations');
  const base = caseBody(doc, at, options, iterationsDocs.length > 0);
  const name = doc.name.trim();
  const identity = doc.identity?.trim() || `${suiteName}::${name}`;
  const labelled = { labels: doc.labels ?? [], links: doc.links?.length ? doc.links : null };
  if (!iterationsDocs.length) return { ...base, ...labelled, name, identity, isDataDriven, iterations: [] };

  const iterations = iterationsDocs.map((it, i) => ({
    ...caseBody(it, `${at}.iterations[${i}]`, options),
    name,
    identity,
    isDataDriven: false,
    iteration: i + 1,
    dataSetName: it.name,
    labels: [],
    links: null,
    iterations: [],
  }));
  const result = checkGiven(doc.result, rollUp(iterations.map((it) => it.result))!, `${at}.result`, 'its iterations');
  const start = base.startTime ?? minTime(iterations.map((i) => i.startTime));
  const end = base.endTime ?? maxTime(iterations.map((i) => i.endTime));
  return {
    ...base,
    ...labelled,
    // A data-driven test's category is its first classified iteration's, unless it names one itself.
    category: base.category ?? iterations.find((i) => i.category && i.result !== 'SUCCESS')?.category ?? null,
    name,
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

type CaseBody = Omit<NormalizedCase, 'name' | 'identity' | 'isDataDriven' | 'iterations' | 'labels' | 'links'>;

/** `hasIterations`: a data-driven parent, whose result comes from its iterations (checked by the caller). */
function caseBody(doc: CaseDocument | IterationDocument, at: string, options: NormalizeOptions, hasIterations = false): CaseBody {
  const stepDocs = doc.steps ?? [];
  const steps = normalizeSteps(stepDocs, at, options);
  const given = doc.result ? normalizeResultName(doc.result) : undefined;
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
    message: doc.message ?? (result === 'FAILURE' ? failedStepMessage(steps) : null),
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
    parameters: c.parameters?.length ? c.parameters : null,
    category: c.category ?? null,
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
        errorType: doc.errorType ?? errorTypeOf(errorCode),
        conditionType: doc.conditionType ?? 'NOT_USED',
        ignoreResult: doc.ignoreResult ?? false,
        parameters: doc.parameters?.length ? doc.parameters : null,
        startTime,
        endTime,
        duration: duration(doc.duration, `${here}.duration`) ?? span(startTime, endTime) ?? sumDurations(children),
        children,
      };
    });
  }
}

/** The automator's error type for an error code, when it has one. */
export function errorTypeOf(errorCode: number | null | undefined): string | null {
  return errorCode !== null && errorCode !== undefined ? (ERROR_TYPES_BY_CODE[errorCode] ?? null) : null;
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

/** A given result may be worse than the derived one (a failure outside any step), never better. */
function checkGiven(given: CaseDocument['result'], derived: Result, field: string, from: string): Result {
  if (!given) return derived;
  const { result } = normalizeResultName(given);
  if (result === 'SUCCESS' && derived !== 'SUCCESS') throw new Problem(field, `is SUCCESS, but ${from} roll up to ${derived}`);
  return result;
}
