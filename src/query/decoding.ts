import { fail, type Failure } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const HEX = /^[0-9A-Fa-f]{2}$/;

/**
 * Percent-decodes the whole query once, as the original server did before matching clauses, so a client
 * that encodes twice (`%253A`) still gets its `:`. Unlike decodeURIComponent it reports where the bad
 * sequence is instead of throwing, and it leaves `+` alone (the HTTP layer already turned `+` into spaces).
 */
export function percentDecode(input: string): { ok: true; text: string } | Failure {
  let out = '';
  let i = 0;
  while (i < input.length) {
    const percent = input.indexOf('%', i);
    if (percent < 0) {
      out += input.slice(i);
      break;
    }
    out += input.slice(i, percent);
    // Decode a whole run of %XX at once: one character may take up to four bytes.
    const bytes: number[] = [];
    let j = percent;
    while (input[j] === '%') {
      const hex = input.slice(j + 1, j + 3);
      if (!HEX.test(hex)) {
        return fail(
          'INVALID_ENCODING',
          `"%" must be followed by two hex digits (write %25 for a literal "%")`,
          { start: j, end: Math.min(j + 3, input.length) },
        );
      }
      bytes.push(parseInt(hex, 16));
      j += 3;
    }
    const text = decodeUtf8(bytes);
    if (text === undefined) {
      return fail('INVALID_ENCODING', `"${input.slice(percent, j)}" is not valid UTF-8`, {
        start: percent,
        end: j,
      });
    }
    out += text;
    i = j;
  }
  return { ok: true, text: out };
}

function decodeUtf8(bytes: number[]): string | undefined {
  try {
    return utf8.decode(new Uint8Array(bytes));
  } catch {
    return undefined; // TextDecoder's only way to say "invalid UTF-8"
  }
}

/** The escape tokens of reference.md §5.1, by which clients send reserved characters inside values. */
export const ESCAPE_TOKENS = {
  ts_like: '~',
  ts_negation: '!',
  ts_single_quote: "'",
  ts_colon: ':',
  ts_semicolon: ';',
  ts_greater_than: '>',
  ts_lesser_than: '<',
  ts_at_sign: '@',
  ts_dollar_sign: '$',
  ts_asterisk: '*',
  ts_comma: ',',
} as const satisfies Record<string, string>;

const ESCAPE_PATTERN = new RegExp(Object.keys(ESCAPE_TOKENS).join('|'), 'g');

/** Replaces every `ts_*` token in one left-to-right pass; replaced text is never scanned again. */
export function unescapeValue(raw: string): string {
  return raw.replace(ESCAPE_PATTERN, (token) => ESCAPE_TOKENS[token as keyof typeof ESCAPE_TOKENS]);
}
