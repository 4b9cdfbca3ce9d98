/**
 * A failure's fingerprint: what makes two failures "the same cause". Error type, plus the message with
 * everything that varies from run to run masked (numbers, ids, hex, UUIDs, timestamps, temporary paths,
 * line and column numbers), plus the top frame of the stack that is not a test framework's or the runtime's.
 * Pure; the same rule for every way in (the writer stores it with each failed case).
 *
 * @example
 *   failureFingerprint({ errorType: 'AssertionError', message: 'expected 10 got 9 (order 4711)', stackTrace: '...' })
 *   // { key: 'a1b2…', normalizedMessage: 'expected <n> got <n> (order <n>)', topFrame: 'checkout.test.js' }
 */
import { createHash } from 'node:crypto';

export interface FailureFacts {
  errorType?: string | null;
  message?: string | null;
  stackTrace?: string | null;
}

export interface Fingerprint {
  /** 32 hex characters: what groups failures. */
  key: string;
  normalizedMessage: string;
  topFrame: string | null;
}

/** The first line that carries the message, at most this long: long messages vary in their tails. */
const MESSAGE_CHARS = 300;

const MASKS: [RegExp, string][] = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>'],
  [/\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/g, '<time>'],
  [/\d{1,2}:\d{2}:\d{2}(\.\d+)?/g, '<time>'],
  [/(?:\/tmp|\/var\/folders|\/private\/var|[A-Za-z]:\\(?:Users\\[^\\]+\\AppData\\Local\\)?Temp)[^\s'")\]]*/g, '<tmp>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  [/\b[0-9a-f]{12,}\b/gi, '<hex>'],
  [/(\.[a-z]{1,5}):\d+(:\d+)?/gi, '$1:<line>'],
  [/\bline \d+/gi, 'line <n>'],
  [/[-+]?\d+(\.\d+)?(e[-+]?\d+)?/gi, '<n>'],
];

export function normalizeMessage(message: string | null | undefined): string {
  const text = (message ?? '').trim();
  const first = text.split('\n').find((l) => l.trim())?.trim() ?? '';
  let out = first.slice(0, MESSAGE_CHARS);
  for (const [pattern, replacement] of MASKS) out = out.replace(pattern, replacement);
  return out.replace(/\s+/g, ' ');
}

/** Frames of the runtime and of test frameworks: never the cause's own place. */
const FRAMEWORK = /node_modules|node:internal|internal\/|<anonymous>|\(native\)|^\s*at (?:new )?(?:Promise|Generator|process\.|async Promise)|\b(?:junit|org\.junit|org\.testng|org\.opentest4j|sun\.reflect|java\.base|jdk\.internal|_pytest|pluggy|unittest\/|NUnit\.Framework|Xunit\.|Microsoft\.VisualStudio\.TestTools|System\.Runtime|testing\.tRunner|runtime\/|jest-circus|vitest|mocha|playwright)\b/i;

/** The top frame that is not a framework's, as `file[:function]` without line numbers. */
export function topFrame(stackTrace: string | null | undefined): string | null {
  if (!stackTrace) return null;
  for (const raw of stackTrace.split('\n').slice(0, 60)) {
    const line = raw.trim();
    if (!/^(at |File "|\S+\.\w+:\d+|\w[\w$.]*\()/.test(line) || FRAMEWORK.test(line)) continue;
    // JS `at fn (path/file.js:10:5)`, Java `at pkg.Class.method(File.java:10)`, Python `File "x.py", line 3, in fn`, Go `path/file.go:10`.
    const file = /([^\s/\\()"]+\.[A-Za-z]{1,6})(?::\d+|", line \d+|\))/.exec(line)?.[1];
    const fn = /^at (?:async )?([\w$.<>]+)[\s(]/.exec(line)?.[1] ?? /, in ([\w<>]+)/.exec(line)?.[1];
    if (file || fn) return [file, fn].filter(Boolean).join(':');
  }
  return null;
}

/** Results whose cause is fingerprinted: the test did not pass. */
export function isFailed(result: string): boolean {
  return result === 'FAILURE' || result === 'ABORTED';
}

export function failureFingerprint(f: FailureFacts): Fingerprint {
  const normalizedMessage = normalizeMessage(f.message ?? f.stackTrace);
  const frame = topFrame(f.stackTrace);
  const errorType = (f.errorType ?? '').trim();
  const key = createHash('sha256').update([errorType, normalizedMessage, frame ?? ''].join('\u0000')).digest('hex').slice(0, 32);
  return { key, normalizedMessage, topFrame: frame };
}
