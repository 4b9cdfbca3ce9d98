/** What the normalize rules share: the problem they report, and how they read times and durations. */
import { MAX_DURATION_MS, maxTime, minTime, parseIsoTime, span, type Millis } from './time.js';
import type { FixedIds } from './normalized.js';

export interface DocumentProblem {
  /** JSON path of the offending field, e.g. `machines[0].suites[1].cases[2].result`. */
  field: string;
  message: string;
}

export interface NormalizeOptions {
  /** Trusted loaders (seed fixture, demo) may pin ids with a `fixed` object on any node. */
  trustFixedIds?: boolean;
}

/** Thrown inside the rules and caught at their entry points, which return it as a value. */
export class Problem extends Error {
  constructor(readonly field: string, readonly why: string) {
    super(`${field} ${why}`);
  }
}

export function caught<T>(rule: () => T): { ok: true; value: T } | { ok: false; problem: DocumentProblem } {
  try {
    return { ok: true, value: rule() };
  } catch (e) {
    if (e instanceof Problem) return { ok: false, problem: { field: e.field, message: e.why } };
    throw e;
  }
}

export function time(value: string | null | undefined, field: string): Millis | null {
  if (value === null || value === undefined) return null;
  const ms = parseIsoTime(value);
  if (ms === undefined) throw new Problem(field, `is not an ISO-8601 time: "${value}"`);
  return ms;
}

export function duration(value: number | null | undefined, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value < 0) throw new Problem(field, 'must be a non-negative number of milliseconds');
  if (value > MAX_DURATION_MS) throw new Problem(field, `must be at most ${MAX_DURATION_MS} ms (ten years)`);
  return Math.round(value);
}

export function checkOrder(start: Millis | null, end: Millis | null, at: string) {
  if (start !== null && end !== null && end < start) throw new Problem(`${at ? `${at}.` : ''}endTime`, 'is before startTime');
}

export function sumDurations(items: { duration: number | null }[]): number | null {
  return items.some((i) => i.duration !== null) ? items.reduce((sum, i) => sum + (i.duration ?? 0), 0) : null;
}

type Timed = { startTime: Millis | null; endTime: Millis | null; duration: number | null };

/** A node's own times, else its children's: earliest start, latest end, the span (else the sum). */
export function ownTimes(doc: { startTime?: string | null; endTime?: string | null; duration?: number | null }, at: string, children: Timed[]): Timed {
  const prefix = at ? `${at}.` : '';
  const startTime = time(doc.startTime, `${prefix}startTime`) ?? minTime(children.map((c) => c.startTime));
  const endTime = time(doc.endTime, `${prefix}endTime`) ?? maxTime(children.map((c) => c.endTime));
  checkOrder(startTime, endTime, at);
  return { startTime, endTime, duration: duration(doc.duration, `${prefix}duration`) ?? span(startTime, endTime) ?? sumDurations(children) };
}

export function fixedOf(doc: object, options: NormalizeOptions): FixedIds | undefined {
  return options.trustFixedIds ? (doc as { fixed?: FixedIds }).fixed : undefined;
}
