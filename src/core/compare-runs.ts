/**
 * Two runs of a plan, test by test (pure): a test is the same test on the same machine. What a person on
 * duty asks first: which failures are new, which were fixed, which still fail, which tests came or went,
 * which got much slower.
 */
import type { Result } from './vocabulary.js';

/** What the comparison needs of a case; callers add what they show (name, suite, message). */
export interface ComparedCase {
  id: number;
  testCaseId: number;
  machineTitle: string;
  result: Result;
  duration: number | null;
}

export interface SlowerCase<C> {
  current: C;
  base: C;
  /** current / base duration. */
  factor: number;
}

export interface RunComparison<C extends ComparedCase> {
  newFailures: C[];
  fixed: C[];
  stillFailing: C[];
  added: C[];
  removed: C[];
  slower: SlowerCase<C>[];
}

/** Much slower: at least this many times the base's duration, and at least `SLOWER_BY_MS` more. */
export const SLOWER_FACTOR = 2;
export const SLOWER_BY_MS = 1000;

const failed = (r: Result) => r === 'FAILURE' || r === 'ABORTED';
const keyOf = (c: ComparedCase) => `${c.machineTitle}\u0000${c.testCaseId}`;

export function compareRuns<C extends ComparedCase>(current: readonly C[], base: readonly C[]): RunComparison<C> {
  const before = new Map(base.map((c) => [keyOf(c), c]));
  const now = new Map(current.map((c) => [keyOf(c), c]));
  const out: RunComparison<C> = { newFailures: [], fixed: [], stillFailing: [], added: [], removed: [], slower: [] };
  for (const c of current) {
    const b = before.get(keyOf(c));
    if (!b) out.added.push(c);
    if (failed(c.result)) (b && failed(b.result) ? out.stillFailing : out.newFailures).push(c);
    else if (b && failed(b.result) && c.result === 'SUCCESS') out.fixed.push(c);
    if (b && c.duration !== null && b.duration !== null && b.duration > 0 && c.duration >= b.duration * SLOWER_FACTOR && c.duration - b.duration >= SLOWER_BY_MS) {
      out.slower.push({ current: c, base: b, factor: Math.round((c.duration / b.duration) * 10) / 10 });
    }
  }
  for (const b of base) if (!now.has(keyOf(b))) out.removed.push(b);
  out.slower.sort((x, y) => y.factor - x.factor);
  return out;
}

/** The same comparison with each listed case turned into another form (given its details, say). */
export function mapComparison<C extends ComparedCase, D extends ComparedCase>(c: RunComparison<C>, f: (c: C) => D): RunComparison<D> {
  return {
    newFailures: c.newFailures.map(f),
    fixed: c.fixed.map(f),
    stillFailing: c.stillFailing.map(f),
    added: c.added.map(f),
    removed: c.removed.map(f),
    slower: c.slower.map((s) => ({ current: f(s.current), base: f(s.base), factor: s.factor })),
  };
}

/** Every case a comparison lists, each once. */
export function listedCases<C extends ComparedCase>(c: RunComparison<C>): C[] {
  return [...new Set([...c.newFailures, ...c.fixed, ...c.stillFailing, ...c.added, ...c.removed, ...c.slower.flatMap((s) => [s.current, s.base])])];
}

/** "3 new failures, 2 fixed vs run 512": the one line `verdict upload` prints. */
export function comparisonLine(c: { newFailures: number; fixed: number; stillFailing: number }, baseRunId: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${plural(c.newFailures, 'new failure')}, ${c.fixed} fixed, ${c.stillFailing} still failing vs run ${baseRunId}`;
}
