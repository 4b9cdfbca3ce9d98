import { fail, type Failure } from './errors.js';
import type { FieldSpec } from './field-table.js';
import type { LiteralNode } from './tree.js';

type Converted<T> = { ok: true; value: T } | Failure;

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function toNumber(field: string, node: LiteralNode): Converted<number> {
  const value = NUMBER.test(node.value) ? Number(node.value) : NaN;
  if (!Number.isFinite(value)) {
    return fail('INVALID_NUMBER', `${field} takes a number, not "${node.value}"`, node.location);
  }
  return { ok: true, value };
}

export function toBoolean(field: string, node: LiteralNode): Converted<0 | 1> {
  const text = node.value.toLowerCase();
  if (text === 'true' || text === '1') return { ok: true, value: 1 };
  if (text === 'false' || text === '0') return { ok: true, value: 0 };
  return fail('INVALID_BOOLEAN', `${field} takes true or false, not "${node.value}"`, node.location);
}

/** Exact, case-sensitive enum names as in the original; aliases (PASSED, FAILED) in any case. */
export function toEnum(field: string, spec: FieldSpec, node: LiteralNode): Converted<string> {
  const values = spec.values ?? [];
  if (values.includes(node.value)) return { ok: true, value: node.value };
  const upper = node.value.toUpperCase();
  for (const [alias, canonical] of Object.entries(spec.aliases ?? {})) {
    if (alias.toUpperCase() === upper) return { ok: true, value: canonical };
  }
  const near = values.find((value) => value.toUpperCase() === upper);
  const hint = near ? ` (did you mean ${near}?)` : `; expected one of ${values.join(', ')}`;
  return fail('INVALID_ENUM_VALUE', `"${node.value}" is not a ${field}${hint}`, node.location);
}

/**
 * The instants a datetime value names, as `[start, end)` epoch millis: a whole UTC day for `2024-05-29`,
 * a second for `2024-05-29T07:29:19Z`, a millisecond for `...19.250Z` or for epoch millis (`1716967759250`).
 * Equality matches the whole span (so a time copied from a response, shown at second precision, finds its
 * row); `>` and `<` compare with its start, so `startTime>2024-05-29` includes that day, as in the original.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
}

const DAY = 86_400_000;
const MAX_DATE = 8.64e15; // the range of a JS Date
const EPOCH_MILLIS = /^-?\d{1,16}$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

export function toSpan(field: string, node: LiteralNode): Converted<Span> {
  const span = parseSpan(node.value);
  if (!span || Math.abs(span.start) > MAX_DATE) {
    return fail(
      'INVALID_DATE',
      `${field} takes a date (2024-05-29), a date-time (2024-05-29T07:29:19Z) or epoch milliseconds, not "${node.value}"`,
      node.location,
    );
  }
  return { ok: true, value: span };
}

function parseSpan(text: string): Span | undefined {
  if (EPOCH_MILLIS.test(text)) {
    const start = Number(text);
    return { start, end: start + 1 };
  }
  const date = DATE_ONLY.exec(text);
  if (date) {
    const start = utcMillis(+date[1], +date[2], +date[3], 0, 0, 0, 0);
    return start === undefined ? undefined : { start, end: start + DAY };
  }
  const time = DATE_TIME.exec(text);
  if (!time) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = time;
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  const local = utcMillis(+year, +month, +day, +hour, +minute, second ? +second : 0, millis);
  const offset = zoneOffset(zone);
  if (local === undefined || offset === undefined) return undefined;
  const precision = fraction ? 10 ** Math.max(0, 3 - fraction.length) : second ? 1000 : 60_000;
  return { start: local - offset, end: local - offset + precision };
}

/** Like Date.UTC, but years 0-99 stay literal and out-of-range parts (Feb 30, 24:00) are refused. */
function utcMillis(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number) {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  const same =
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    date.getUTCHours() === hour &&
    date.getUTCMinutes() === minute &&
    date.getUTCSeconds() === second;
  return same ? date.getTime() : undefined;
}

/** `Z`, none (taken as UTC), `+02:00` or `-0530`, in milliseconds east of UTC. */
function zoneOffset(zone: string | undefined): number | undefined {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}
