/**
 * One Allure test (all results of one `testCaseId`, else `fullName`) as one case document: a plain case,
 * or a data-driven case with one iteration per parameter set. Each parameter set's results are attempts of
 * it: the latest `start` wins, the earlier ones are kept as attempts, and it is flaky when an earlier one
 * failed or broke and the latest passed.
 *
 * Allure's steps record what happened; the test's status is its verdict. So steps are written as MINOR
 * with `ignoreResult`: Verdict's step rules (a failed MAJOR step skips the rest, a case's result from its
 * steps) must not rewrite them.
 */
import type { AttemptDocument, CaseDocument, InputResult, IterationDocument, ParameterDocument, StepDocument } from '../../core/document.js';
import { MAX_STEP_DEPTH } from '../../core/normalize-case.js';
import type { AttachmentRef } from '../importer.js';
import { classify, type CategoryRule } from './categories.js';
import { labelsOf, labelValue, list, num, parametersOf, statusOf, str, type AllureAttachment, type AllureResult, type AllureStep } from './allure-model.js';

export interface Fixtures {
  befores: AllureStep[];
  afters: AllureStep[];
}

export interface AllureTest {
  /** Each parameter set's results, oldest first. */
  dataSets: AllureResult[][];
  /** The container fixtures (set up, tear down) of a result, by its uuid. */
  fixtures(uuid: string): Fixtures;
  categories: readonly CategoryRule[];
}

const RESULTS: Record<string, InputResult> = { passed: 'PASSED', failed: 'FAILED', broken: 'FAILED', skipped: 'SKIPPED' };
/** Allure's `unknown` (or no status): the test reached no verdict. */
const resultOf = (step: AllureStep): InputResult => RESULTS[statusOf(step) ?? ''] ?? 'ABORTED';
const iso = (ms: number | null) => (ms === null || ms < 0 || ms > 8.64e15 ? null : new Date(ms).toISOString());

/** `parentSuite › suite › subSuite` (the levels present); else the `package` label; else `titlePath`. */
export function suiteNameOf(result: AllureResult): string {
  const labels = labelsOf(result);
  const levels = ['parentSuite', 'suite', 'subSuite'].map((n) => labelValue(labels, n)).filter((v): v is string => v !== undefined);
  if (levels.length) return levels.join(' › ');
  const pkg = labelValue(labels, 'package');
  if (pkg) return pkg;
  const path = Array.isArray(result.titlePath) ? result.titlePath.filter((p) => typeof p === 'string' && p.trim()).join(' › ') : '';
  return path || '(no suite)';
}

export function buildCase(test: AllureTest): { suite: string; case: CaseDocument; attachments: AttachmentRef[] } {
  const latestOfFirst = test.dataSets[0]!.at(-1)!;
  const attachments: AttachmentRef[] = [];
  const name = str(latestOfFirst.name) ?? str(latestOfFirst.fullName) ?? 'Unknown test';
  const labels = labelsOf(latestOfFirst).filter((l) => !l.name.startsWith('_'));
  const links = list<{ url?: unknown; name?: unknown; type?: unknown }>(latestOfFirst.links)
    .filter((l) => str(l.url))
    .map((l) => ({ url: str(l.url)!, name: str(l.name), type: str(l.type) ?? 'link' }));
  const properties: Record<string, string> = {};
  const fullName = str(latestOfFirst.fullName);
  if (fullName) properties.fullName = fullName;
  const description = str(latestOfFirst.description);
  if (description) properties.description = description;
  const common = { name, identity: fullName ?? str(latestOfFirst.testCaseId) ?? undefined, labels, links, properties };

  if (test.dataSets.length === 1) {
    const row = dataSetRow(test, test.dataSets[0]!, null, attachments);
    return { suite: suiteNameOf(latestOfFirst), case: { ...common, ...row, properties: { ...properties, ...row.properties } }, attachments };
  }
  const iterations: IterationDocument[] = test.dataSets.map((attempts, i) => {
    const { properties: _ignored, ...row } = dataSetRow(test, attempts, i + 1, attachments);
    return { name: dataSetName(row.parameters ?? [], i), ...row };
  });
  return { suite: suiteNameOf(latestOfFirst), case: { ...common, isDataDriven: true, flaky: iterations.some((it) => it.flaky), iterations }, attachments };
}

/** `a=1, b=2`: the parameters that tell data sets apart and may be shown. */
function dataSetName(parameters: readonly ParameterDocument[], index: number): string {
  const shown = parameters.filter((p) => !p.excluded && !p.masked).map((p) => `${p.name}=${p.value ?? ''}`);
  return shown.length ? shown.join(', ') : `data set ${index + 1}`;
}

/** What a person may see of a test's or step's parameters: hidden ones left out, masked ones without their value. */
export function shownParameters(step: AllureStep): ParameterDocument[] {
  return parametersOf(step)
    .filter((p) => p.mode !== 'hidden')
    .map((p) => (p.mode === 'masked' ? { name: p.name, masked: true } : p.excluded ? { name: p.name, value: p.value, excluded: true } : { name: p.name, value: p.value }));
}

/** One parameter set's attempts (oldest first) as a case or iteration body. */
function dataSetRow(test: AllureTest, attempts: readonly AllureResult[], iteration: number | null, refs: AttachmentRef[]) {
  const latest = attempts.at(-1)!;
  const status = statusOf(latest);
  const details = latest.statusDetails ?? {};
  const message = str(details.message);
  const trace = str(details.trace);
  const earlier = attempts.slice(0, -1);
  const flaky = details.flaky === true || (status === 'passed' && earlier.some((a) => statusOf(a) === 'failed' || statusOf(a) === 'broken'));
  const start = num(latest.start);
  const stop = num(latest.stop);
  const fixtures = typeof latest.uuid === 'string' ? test.fixtures(latest.uuid) : { befores: [], afters: [] };
  const steps = [
    ...fixtures.befores.map((f) => ({ ...f, name: `Set up: ${str(f.name) ?? 'fixture'}` })),
    ...list<AllureStep>(latest.steps),
    ...fixtures.afters.map((f) => ({ ...f, name: `Tear down: ${str(f.name) ?? 'fixture'}` })),
  ];
  for (const a of list<AllureAttachment>(latest.attachments)) pushRef(refs, a, iteration, null);
  const properties: Record<string, string> = {};
  if (typeof details.expected === 'string') properties.expected = details.expected;
  if (typeof details.actual === 'string') properties.actual = details.actual;
  const parameters = shownParameters(latest);
  return {
    result: resultOf(latest),
    message: message ?? undefined,
    errorType: status === 'failed' || status === 'broken' ? status : undefined,
    stackTrace: trace ?? undefined,
    startTime: iso(start),
    endTime: start !== null && stop !== null && stop >= start ? iso(stop) : null,
    duration: start !== null && stop !== null && stop >= start ? stop - start : null,
    attempts: earlier.length ? earlier.map(attemptOf) : undefined,
    flaky,
    category: classify(test.categories, { status, message, trace, flaky }) ?? undefined,
    parameters: parameters.length ? parameters : undefined,
    properties,
    steps: convertSteps(steps, '', 1, iteration, refs),
  };
}

/** An earlier attempt, in the canonical names the other importers store (a skipped one NOT_EXECUTED). */
const ATTEMPT_RESULTS: Record<string, AttemptDocument['result']> = { passed: 'SUCCESS', failed: 'FAILURE', broken: 'FAILURE', skipped: 'NOT_EXECUTED' };

function attemptOf(a: AllureResult): AttemptDocument {
  const start = num(a.start);
  const stop = num(a.stop);
  return {
    result: ATTEMPT_RESULTS[statusOf(a) ?? ''] ?? 'ABORTED',
    message: str(a.statusDetails?.message),
    stackTrace: str(a.statusDetails?.trace),
    duration: start !== null && stop !== null && stop >= start ? stop - start : null,
  };
}

/** An attachment-only step (what `allure.attachment()` writes): no status, no steps, one attachment. */
function isAttachmentStep(step: AllureStep): boolean {
  return statusOf(step) === null && step.status == null && !list(step.steps).length && list(step.attachments).length === 1;
}

function pushRef(refs: AttachmentRef[], a: AllureAttachment, iteration: number | null, step: string | null): void {
  const source = str(a.source);
  if (!source) return;
  refs.push({ iteration, step, source, name: str(a.name) ?? source, type: str(a.type) });
}

/**
 * Allure steps as step documents, numbered by position ("2.1") as normalization numbers them. Attachment
 * steps fold into their parent (the row itself at the top); steps nested deeper than Verdict keeps are
 * left out, their attachments folded into the deepest step kept.
 */
function convertSteps(steps: readonly AllureStep[], prefix: string, depth: number, iteration: number | null, refs: AttachmentRef[]): StepDocument[] {
  const out: StepDocument[] = [];
  for (const step of steps) {
    if (isAttachmentStep(step) || depth > MAX_STEP_DEPTH) {
      foldAttachments(step, prefix || null, iteration, refs);
      continue;
    }
    const path = prefix ? `${prefix}.${out.length + 1}` : `${out.length + 1}`;
    const status = statusOf(step);
    const start = num(step.start);
    const stop = num(step.stop);
    for (const a of list<AllureAttachment>(step.attachments)) pushRef(refs, a, iteration, path);
    const parameters = shownParameters(step);
    out.push({
      action: str(step.name) ?? 'step',
      result: resultOf(step),
      message: str(step.statusDetails?.message) ?? undefined,
      errorType: status === 'failed' || status === 'broken' ? status : undefined,
      priority: 'MINOR',
      ignoreResult: true,
      startTime: iso(start),
      endTime: start !== null && stop !== null && stop >= start ? iso(stop) : null,
      parameters: parameters.length ? parameters : undefined,
      steps: convertSteps(list<AllureStep>(step.steps), path, depth + 1, iteration, refs),
    });
  }
  return out;
}

function foldAttachments(step: AllureStep, into: string | null, iteration: number | null, refs: AttachmentRef[]): void {
  for (const a of list<AllureAttachment>(step.attachments)) pushRef(refs, a, iteration, into);
  for (const child of list<AllureStep>(step.steps)) foldAttachments(child, into, iteration, refs);
}
