/** Times are epoch milliseconds (UTC) inside Verdict; the edges convert. */
export type Millis = number;

/** ISO-8601 (any offset) -> epoch ms; undefined when not a valid time. */
export function parseIsoTime(value: string): Millis | undefined {
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return undefined;
  const ms = Date.parse(value.includes('T') || value.length === 10 ? value : value.replace(' ', 'T'));
  return Number.isFinite(ms) ? ms : undefined;
}

/** The v2/v3 format: second precision, `Z`, e.g. 2024-05-29T07:29:19Z. */
export function formatApiTime(ms: Millis | null | undefined): string | null {
  if (ms === null || ms === undefined) return null;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function minTime(values: Iterable<Millis | null | undefined>): Millis | null {
  let min: Millis | null = null;
  for (const v of values) if (v !== null && v !== undefined && (min === null || v < min)) min = v;
  return min;
}

export function maxTime(values: Iterable<Millis | null | undefined>): Millis | null {
  let max: Millis | null = null;
  for (const v of values) if (v !== null && v !== undefined && (max === null || v > max)) max = v;
  return max;
}

/** endTime - startTime when both are known, else null. */
export function span(start: Millis | null, end: Millis | null): number | null {
  return start !== null && end !== null ? Math.max(0, end - start) : null;
}

/** The longest duration Verdict stores: ten years. Longer ones are a clock's or a reporter's mistake. */
export const MAX_DURATION_MS = 10 * 365 * 24 * 3600 * 1000;

/** A duration in ms when it is one (finite, not negative, at most MAX_DURATION_MS), else null. */
export function plausibleMillis(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= MAX_DURATION_MS ? value : null;
}

/** Epoch ms as ISO-8601, or null when it is no time a Date can hold (a 1e300 "start"). */
export function isoFromMillis(ms: number | null | undefined): string | null {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return null;
  return new Date(ms).toISOString();
}
