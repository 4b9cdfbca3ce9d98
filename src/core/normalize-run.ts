/**
 * Validates a run document's meaning and derives everything derivable (pure).
 * Shape (types, required keys) is checked before, by the schema (core/document.ts); this checks that the
 * document agrees with itself and fills in results, times, durations and counts.
 */
import { addCounts, countItems, ZERO_COUNTS, type Counts } from './counts.js';
import type { MachineDocument, RunDocument, SuiteDocument } from './document.js';
import type { NormalizedCase, NormalizedMachine, NormalizedRun, NormalizedSuite } from './normalized.js';
import { testCase } from './normalize-case.js';
import { caught, fixedOf, ownTimes, Problem, type DocumentProblem, type NormalizeOptions } from './normalize-parts.js';
import { machineTitle, metricsDuration, runMessage, statusOf } from './results.js';
import { rollUp } from './rollup.js';
import { minTime } from './time.js';

export type NormalizeResult = { ok: true; run: NormalizedRun } | { ok: false; problem: DocumentProblem };

export function normalizeRun(doc: RunDocument, options: NormalizeOptions = {}): NormalizeResult {
  const outcome = caught(() => run(doc, options));
  return outcome.ok ? { ok: true, run: outcome.value } : outcome;
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
  const times = ownTimes(doc, '', machines);
  const result = rollUp(machines.map((m) => m.result)) ?? 'NOT_EXECUTED';
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
    counts: machines.reduce<Counts>((sum, m) => addCounts(sum, m.counts), { ...ZERO_COUNTS }),
    metricsDuration: metricsDuration(times, firstCaseStart(machines.flatMap((m) => m.suites.flatMap((s) => s.cases)))),
    machines,
  };
}

function machine(doc: MachineDocument, at: string, options: NormalizeOptions): NormalizedMachine {
  const dc = doc.deviceConfiguration ?? {};
  const title = machineTitle(dc);
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
  const name = doc.name.trim();
  const cases = doc.cases.map((c, i) => testCase(c, `${at}.cases[${i}]`, name, options));
  const times = ownTimes(doc, at, cases);
  const result = rollUp(cases.map((c) => c.result)) ?? 'NOT_EXECUTED';
  return {
    fixed: fixedOf(doc, options),
    name,
    ...times,
    result,
    status: statusOf(result),
    counts: countItems(cases),
    metricsDuration: metricsDuration(times, firstCaseStart(cases)),
    cases,
  };
}

function firstCaseStart(cases: NormalizedCase[]): number | null {
  return minTime(cases.map((c) => c.startTime));
}
