/**
 * The JUnit reader's stack entries (one per open element, by the role it plays) and the small pure
 * helpers that build them.
 */
import type { OutcomeElement, RetryElement } from './case-mapping.js';
import type { SuiteFrame } from './report-reader.js';
import { TextBuffer } from './text-buffer.js';
import { nonBlank } from '../values.js';

export type Entry =
  | { role: 'suite'; frame: SuiteFrame }
  | { role: 'case' }
  | { role: 'outcome'; element: Omit<OutcomeElement, 'body'>; text: TextBuffer; frame: SuiteFrame | null }
  | { role: 'retry'; element: Omit<RetryElement, 'stackTrace'>; text: TextBuffer; stackTrace: string | null }
  | { role: 'stackTrace'; text: TextBuffer }
  | { role: 'output'; stream: 'systemOut' | 'systemErr'; text: TextBuffer; frame: SuiteFrame | null }
  | { role: 'properties'; into: Record<string, string>; frame: SuiteFrame | null }
  | { role: 'property'; into: Record<string, string>; name: string; value: string | undefined; text: TextBuffer }
  | { role: 'other' };

/** Ant's aggregated TESTS-TestSuites.xml splits `package` from `name`; Jenkins joins them back. */
export function suiteName(attrs: Readonly<Record<string, string>>): string | null {
  const name = nonBlank(attrs.name);
  const pkg = nonBlank(attrs.package);
  if (name === null || pkg === null || name.startsWith(`${pkg}.`)) return name;
  return `${pkg}.${name}`;
}

export function outcomeEntry(kind: OutcomeElement['kind'], attrs: Readonly<Record<string, string>>, frame: SuiteFrame | null): Entry {
  return { role: 'outcome', element: { kind, message: attrs.message, type: attrs.type }, text: new TextBuffer(), frame };
}

export function outputEntry(name: 'system-out' | 'system-err', frame: SuiteFrame | null): Entry {
  return { role: 'output', stream: name === 'system-out' ? 'systemOut' : 'systemErr', text: new TextBuffer(), frame };
}

/** Output without its surrounding blank lines; null when there is nothing but whitespace. */
export function output(text: string): string | null {
  const end = text.trimEnd();
  if (end.length === 0) return null;
  let start = 0;
  for (let i = 0; i < end.length; i++) {
    const c = end.charCodeAt(i);
    if (c === 10) start = i + 1;
    else if (c !== 32 && c !== 9 && c !== 13) break;
  }
  return end.slice(start);
}

export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

export function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}
