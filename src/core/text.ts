/**
 * Text that both databases store the same way. PostgreSQL refuses NUL in text and SQLite stores it; a
 * lone UTF-16 surrogate (`"\ud800"` in JSON) is not valid UTF-8 and fails differently on each. Both become
 * U+FFFD, the replacement character, wherever text enters: JSON bodies and JSON reports. (XML reports
 * cannot carry either: strict UTF-8 decoding and the XML character rules refuse them.)
 */

/** Raw or escaped NUL, or anything in the surrogate range (pairs are checked by toWellFormed). */
const SUSPECT_TEXT = /\0|\\u0000|[\ud800-\udfff]|\\u[dD][89a-fA-F][0-9a-fA-F]{2}/;

export function cleanText(s: string): string {
  return s.replaceAll('\0', '\uFFFD').toWellFormed();
}

/** Whether JSON text may hold a NUL or a surrogate: rarely, so cleaning is skipped for nearly every body. */
export function mayNeedCleaning(jsonText: string): boolean {
  return SUSPECT_TEXT.test(jsonText);
}

/** Cleans every string (values and keys) of a parsed JSON value in place, without recursion (hostile depth). */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  const stack: unknown[] = [value];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      node.forEach((v, i) => (typeof v === 'string' ? (node[i] = cleanText(v)) : stack.push(v)));
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const v = record[key];
      const clean = cleanText(key);
      if (clean !== key) delete record[key];
      if (typeof v === 'string') record[clean] = cleanText(v);
      else {
        record[clean] = v;
        stack.push(v);
      }
    }
  }
  return value;
}

/** JSON.parse with every string cleaned when it needs it. */
export function parseJsonText(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return mayNeedCleaning(text) ? cleanStrings(value) : value;
}

/**
 * Text cut to a column's width, the same on both databases (PostgreSQL refuses a longer `varchar(n)`,
 * SQLite stores it): the end is replaced by an ellipsis.
 */
export function fit(text: string, max: number): string;
export function fit(text: string | null | undefined, max: number): string | null | undefined;
export function fit(text: string | null | undefined, max: number): string | null | undefined {
  return text && text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
