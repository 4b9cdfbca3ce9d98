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
