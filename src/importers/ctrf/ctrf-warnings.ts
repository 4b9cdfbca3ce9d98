/**
 * What a lenient CTRF read tolerated, as warnings: the known deviations real reporters write (each named
 * with the reporter that needs it, docs/importing.md "CTRF"), then any other schema error, grouped by
 * path (array indexes as `*`) so that one mistake repeated in 5,000 tests is one line. A document that
 * fails the schema always gets at least one warning: nothing is accepted silently.
 */
import type { ErrorObject } from 'ajv';
import type { ImportWarning } from '../importer.js';

type Note = 'legacy-header' | 'suite-string' | 'fractional-duration' | 'attempt-number' | 'seconds' | 'unnamed';

const NOTES: Record<Note, { say: (n: number) => string; explains: (e: ErrorObject) => boolean }> = {
  'legacy-header': {
    say: () => 'no reportFormat or specVersion (older reporters write neither: jest-ctrf-json-reporter 0.0.10, playwright-ctrf-json-reporter 0.0.22): read as CTRF 1.x',
    explains: (e) => e.instancePath === '' && e.keyword === 'required' && ['reportFormat', 'specVersion'].includes(String(e.params.missingProperty)),
  },
  'suite-string': {
    say: (n) => `\`suite\` is a string in ${tests(n)}, not the array the schema requires (jest-, playwright- and @d2t/vitest-ctrf-json-reporter): read as a suite path ("file > describe"); one equal to the test's name as the path above the test`,
    explains: (e) => /^\/results\/tests\/\d+\/suite$/.test(e.instancePath) && e.keyword === 'type',
  },
  'fractional-duration': {
    say: (n) => `\`duration\` is fractional in ${tests(n)} (@d2t/vitest-ctrf-json-reporter writes fractions of a millisecond): rounded to whole milliseconds`,
    explains: (e) => /^\/results\/tests\/\d+\/(retryAttempts\/\d+\/)?duration$/.test(e.instancePath) && e.keyword === 'type',
  },
  'attempt-number': {
    say: (n) => `\`retryAttempts\` without \`attempt\` numbers in ${tests(n)} (playwright-ctrf-json-reporter): taken in the order written`,
    explains: (e) => /\/retryAttempts\/\d+$/.test(e.instancePath) && e.keyword === 'required' && e.params.missingProperty === 'attempt',
  },
  seconds: {
    say: (n) => `${n} \`start\`/\`stop\` value${n === 1 ? ' is' : 's are'} Unix seconds, not milliseconds (playwright-ctrf-json-reporter writes seconds per test): read as seconds`,
    explains: () => false,
  },
  unnamed: {
    say: (n) => `${tests(n)} without a name: imported as "(unnamed test)"`,
    explains: (e) => (/^\/results\/tests\/\d+$/.test(e.instancePath) && e.params.missingProperty === 'name') || /^\/results\/tests\/\d+\/name$/.test(e.instancePath),
  },
};

const tests = (n: number) => `${n} test${n === 1 ? '' : 's'}`;
/** Distinct other schema errors listed; the rest are counted. */
const MAX_LISTED = 10;

export class Deviations {
  private readonly notes = new Map<Note, number>();
  private readonly statuses = new Map<string, number>();
  /** Entries of `results.tests` that are no test object, left out. */
  ignoredEntries = 0;

  note(kind: Note): void {
    this.notes.set(kind, (this.notes.get(kind) ?? 0) + 1);
  }

  unknownStatus(raw: string | undefined): void {
    const key = raw === undefined ? '(none)' : JSON.stringify(raw);
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  /** The warnings, given the schema's errors for the document as written (none when it is valid). */
  warnings(schemaErrors: readonly ErrorObject[]): ImportWarning[] {
    const out: ImportWarning[] = [];
    const say = (code: ImportWarning['code'], message: string) => out.push({ code, message });
    for (const [note, n] of this.notes) say('schema-deviation', NOTES[note].say(n));
    if (this.statuses.size > 0) {
      const list = [...this.statuses].map(([status, n]) => `${status} (${n} time${n === 1 ? '' : 's'})`).join(', ');
      say('schema-deviation', `status ${list} is not one of passed, failed, skipped, pending, other: read as other (ABORTED: the test reached no verdict); a test keeps what was written as rawStatus`);
    }
    if (this.ignoredEntries > 0) say('ignored-content', `${this.ignoredEntries} entr${this.ignoredEntries === 1 ? 'y' : 'ies'} of results.tests ${this.ignoredEntries === 1 ? 'is' : 'are'} not a test object: left out`);
    const explained = (e: ErrorObject) =>
      [...this.notes.keys()].some((note) => NOTES[note].explains(e)) ||
      (this.statuses.size > 0 && /\/status$/.test(e.instancePath)) ||
      (this.ignoredEntries > 0 && /^\/results\/tests\/\d+$/.test(e.instancePath) && e.keyword === 'type');
    const groups = new Map<string, number>();
    for (const e of schemaErrors) {
      if (explained(e)) continue;
      const where = e.instancePath.replace(/\/\d+(?=\/|$)/g, '/*') || '(document)';
      const extra = e.keyword === 'additionalProperties' ? ` ('${String(e.params.additionalProperty)}')` : '';
      const key = `${where} ${e.message ?? 'is invalid'}${extra}`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    const listed = [...groups].slice(0, MAX_LISTED).map(([what, n]) => (n > 1 ? `${what} (${n} times)` : what));
    const more = groups.size - listed.length;
    if (listed.length > 0) say('schema-deviation', `not as the CTRF schema requires, read anyway (unknown fields left out): ${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`);
    if (schemaErrors.length > 0 && out.length === 0) say('schema-deviation', 'not as the CTRF schema requires, read anyway');
    return out;
  }
}
