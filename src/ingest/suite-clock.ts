/**
 * What an upload learns about a suite's times: its report elements' own (JUnit `timestamp` + `time`), and
 * its cases'. Only numbers: an importer's strings may be slices of a whole input chunk, and keeping one
 * per suite would keep every chunk alive. Pure.
 */
import type { NormalizedCase } from '../core/normalized.js';
import { maxTime, minTime, parseIsoTime, span, type Millis } from '../core/time.js';
import type { SuiteInfo } from '../importers/index.js';

export interface SuiteClock {
  elements: number;
  elementStart: Millis | null;
  elementEnd: Millis | null;
  elementDuration: number;
  /** Some element had no duration: the elements' sum is then not the suite's. */
  elementWithoutDuration: boolean;
  caseStart: Millis | null;
  caseEnd: Millis | null;
  caseDuration: number | null;
  /** Stored times when the suite came from an earlier shard. */
  stored?: { start: Millis | null; end: Millis | null; duration: number | null };
}

export function newSuiteClock(stored?: SuiteClock['stored']): SuiteClock {
  return { elements: 0, elementStart: null, elementEnd: null, elementDuration: 0, elementWithoutDuration: false, caseStart: null, caseEnd: null, caseDuration: null, ...(stored ? { stored } : {}) };
}

/** Notes one report element of the suite (once per element, however many cases it holds). */
export function noteSuiteElement(clock: SuiteClock, info: SuiteInfo): void {
  const start = info.startTime ? (parseIsoTime(info.startTime) ?? null) : null;
  const duration = info.duration ?? null;
  clock.elements++;
  clock.elementStart = minTime([clock.elementStart, start]);
  if (start !== null && duration !== null) clock.elementEnd = maxTime([clock.elementEnd, start + duration]);
  if (duration === null) clock.elementWithoutDuration = true;
  else clock.elementDuration += duration;
}

export function noteCase(clock: SuiteClock, c: NormalizedCase): void {
  clock.caseStart = minTime([clock.caseStart, c.startTime]);
  clock.caseEnd = maxTime([clock.caseEnd, c.endTime, c.startTime !== null && c.duration !== null ? c.startTime + c.duration : null]);
  if (c.duration !== null) clock.caseDuration = (clock.caseDuration ?? 0) + c.duration;
}

/**
 * A suite's times: its elements' timestamps and durations (several elements of one name add up), else its
 * cases' (earliest start, latest end, sum of durations); merged with what an earlier shard stored.
 */
export function suiteTimes(clock: SuiteClock): { start: Millis | null; end: Millis | null; duration: number | null } {
  const start = clock.elementStart ?? clock.caseStart;
  const end = clock.elementEnd ?? clock.caseEnd;
  const ownDuration = clock.elements && !clock.elementWithoutDuration ? clock.elementDuration : null;
  const duration = ownDuration ?? span(start, end) ?? clock.caseDuration;
  const s = clock.stored;
  if (!s) return { start, end, duration };
  return {
    start: minTime([s.start, start]),
    end: maxTime([s.end, end]),
    duration: s.duration === null && duration === null ? null : (s.duration ?? 0) + (duration ?? 0),
  };
}

/** A parent's times from its children: earliest start, latest end, the span between (else the sum). */
export function parentTimes(children: readonly { start_time: Millis | null; end_time: Millis | null; duration: number | null }[]) {
  const start = minTime(children.map((c) => c.start_time));
  const end = maxTime(children.map((c) => c.end_time));
  const durations = children.map((c) => c.duration).filter((d): d is number => d !== null);
  return { start, end, duration: span(start, end) ?? (durations.length ? durations.reduce((a, b) => a + b, 0) : null) };
}
