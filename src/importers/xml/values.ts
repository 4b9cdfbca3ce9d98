/** Attribute values as .NET test tools write them, turned into the run model's units. */

/**
 * Seconds as written by NUnit/xUnit (`0.123`, `4.5e-05`, culture-formatted `2,503.1` or `0,001`) to
 * integer milliseconds; undefined for anything unreadable or negative rather than a made-up number.
 */
export function secondsToMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  let text = value.trim();
  if (text.includes(',')) text = text.includes('.') ? text.replaceAll(',', '') : text.replace(',', '.');
  if (text === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return undefined;
  const seconds = Number(text);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

/** A .NET TimeSpan (`[d.]hh:mm:ss[.fffffff]`, as in TRX `duration`) to integer milliseconds. */
export function timeSpanToMs(value: string | undefined): number | undefined {
  const match = value?.trim().match(/^(?:(\d+)\.)?(\d+):(\d+):(\d+(?:\.\d+)?)$/);
  if (!match) return undefined;
  const [, days = '0', hours, minutes, seconds] = match;
  return Math.round(((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000);
}

/** Empty or whitespace-only text is no text at all. */
export function nonBlank(text: string | undefined): string | undefined {
  return text !== undefined && text.trim() !== '' ? text : undefined;
}

/** Only an ISO-8601-looking date-time is passed on; NUnit 2's `date="6/12/2007"` style is dropped. */
export function isoTime(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = value.trim().replace(' ', 'T');
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) && !Number.isNaN(Date.parse(text)) ? text : undefined;
}
