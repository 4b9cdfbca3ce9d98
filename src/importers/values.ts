/**
 * Report values turned into the run model's units, for every format: seconds and .NET time spans to
 * milliseconds, timestamps to ISO-8601, blank text to null. Pure; see docs/importing.md.
 */

/**
 * Seconds as tools write them (JUnit `time`, NUnit `duration`, xUnit `time`) to integer milliseconds, or
 * null when they say nothing usable.
 *
 * Accepts what real tools write: `0.123`, `4.5e-05`, `12`, surefire's locale-formatted `2,503.1`
 * (commas in valid thousands groups are dropped) and decimal commas such as `0,5`. Empty, garbage,
 * NaN/Infinity and negative values (clock jumps, e.g. `-345345`) give null: unknown, not zero.
 */
export function secondsToMs(raw: string | undefined): number | null {
  const seconds = parseSeconds(raw);
  return seconds === null ? null : Math.round(seconds * 1000);
}

export function parseSeconds(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  let text = raw.trim();
  if (text.length === 0 || text.length > 40) return null;
  if (text.includes(',')) {
    if (THOUSANDS.test(text)) text = text.replaceAll(',', '');
    else if (DECIMAL_COMMA.test(text)) text = text.replace(',', '.');
    else return null;
  }
  if (!NUMBER.test(text)) return null;
  const seconds = Number(text);
  return Number.isFinite(seconds) && seconds >= 0 && seconds * 1000 <= Number.MAX_SAFE_INTEGER ? seconds : null;
}

const THOUSANDS = /^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?$/;
const DECIMAL_COMMA = /^[+-]?\d*,\d+$/;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * A timestamp (JUnit `timestamp`, TRX `startTime`, NUnit `start-time`...) as an ISO-8601 string the run
 * model accepts, or null; NUnit 2's `date="6/12/2007"` style is dropped.
 * `2020-09-01 07:11:23` and `2020-09-01T07:11:23.815873` are common; JUnit writers omit the offset
 * (surefire, pytest and Ant write local time without saying which), and we read them as UTC so the
 * result does not depend on the server's time zone.
 */
export function isoTimestamp(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const match = TIMESTAMP.exec(raw.trim());
  if (!match) return null;
  const [, date, time, offset] = match;
  const iso = time === undefined ? date! : `${date}T${time}${offset ?? 'Z'}`;
  const ms = Date.parse(iso);
  // GoogleTest writes the epoch (in its local time) for a test that never ran: no time, not 1970.
  return Number.isNaN(ms) || Math.abs(ms) < EPOCH_DAY ? null : iso;
}

const EPOCH_DAY = 86_400_000;

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The first non-blank line, trimmed: the message of a failure that has only a body. */
export function firstLine(text: string | null | undefined): string | null {
  if (!text) return null;
  for (const line of text.split('\n', 50)) {
    const trimmed = line.trim();
    if (trimmed.length > 0) return trimmed;
  }
  return null;
}

/** Text with surrounding whitespace removed, or null when nothing is left. */
export function nonBlank(text: string | null | undefined): string | null {
  if (!text) return null;
  const trimmed = text.trim();
  return trimmed.length > 0 ? trimmed : null;
}

/** Text kept as written (output keeps its indentation), or null when it is blank. */
export function textOrNull(text: string | null | undefined): string | null {
  return text && text.trim().length > 0 ? text : null;
}

/** A .NET TimeSpan (`[d.]hh:mm:ss[.fffffff]`, as in TRX `duration`) to integer milliseconds, or null. */
export function timeSpanToMs(value: string | undefined): number | null {
  const match = value?.trim().match(/^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/);
  if (!match) return null;
  const [, days = '0', hours, minutes, seconds] = match;
  return Math.round(((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000);
}
