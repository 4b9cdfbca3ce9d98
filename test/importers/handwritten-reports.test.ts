/**
 * The hand-written reports of issue 12 (test/fixtures/handwritten, README there), read by the JUnit
 * importer: each gives its designed counts (expected.json, written from each file's design), the attempts
 * of every retried test in order, the names as the origin means them, and says what it tolerated.
 * The same files go through `verdict upload` in test/cli/fixture-reports.test.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ImportError, importers, type ImportEvent } from '../../src/importers/index.js';
import { countOutcomes } from '../../src/importers/junit/count-outcomes.js';

const DIR = fileURLToPath(new URL('../fixtures/handwritten/', import.meta.url));

interface Designed {
  file: string;
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  flaky: number;
  refused?: boolean;
  attempts?: Record<string, string[]>;
  names?: string[];
  truncated?: { completeTestcases: number; endsAtLine: number; cutInSuite?: string };
}

const REPORTS: Designed[] = JSON.parse(readFileSync(`${DIR}expected.json`, 'utf8')).reports;

async function read(file: string): Promise<ImportEvent[]> {
  const events: ImportEvent[] = [];
  for await (const event of importers.junit.parse((async function* () {
    yield readFileSync(`${DIR}${file}`);
  })(), { fileName: file })) events.push(event);
  return events;
}

const outcome = (result: string | null | undefined) => (result === 'SUCCESS' ? 'passed' : result === 'FAILURE' ? 'failed' : 'skipped');

describe('hand-written reports (issue 12, classes 1-3)', () => {
  it.each(REPORTS.filter((r) => !r.refused).map((r) => [r.file, r] as const))('%s: designed counts', async (file, want) => {
    const events = await read(file);
    const c = countOutcomes(events);
    expect({ total: c.tests, passed: c.passed, failed: c.failures + c.errors, skipped: c.skipped, flaky: c.flaky }).toEqual({ total: want.total, passed: want.passed, failed: want.failed, skipped: want.skipped, flaky: want.flaky });
  });

  it.each(REPORTS.filter((r) => r.attempts).map((r) => [r.file, r] as const))('%s: every retried test has its attempts in order, the last deciding, and a warning says so', async (file, want) => {
    const events = await read(file);
    for (const [identity, outcomes] of Object.entries(want.attempts!)) {
      const found = events.flatMap((e) => (e.kind === 'case' && e.case.identity === identity ? [e.case] : []));
      expect(found, identity).toHaveLength(1);
      expect([...(found[0]!.attempts ?? []).map((a) => outcome(a.result)), outcome(found[0]!.result)], identity).toEqual(outcomes);
    }
    const warnings = events.flatMap((e) => (e.kind === 'warning' ? [e.warning] : []));
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) expect(w).toMatchObject({ code: 'merged-retries', message: expect.stringMatching(/^suite ".+": merged \d+ repeated test cases into \d+ tests? with earlier attempts/), line: expect.any(Number) });
  });

  it('identical names that are not retries stay distinct tests, and nothing is merged', async () => {
    const events = await read('identical-names-mocha-xunit.xml');
    expect(events.filter((e) => e.kind === 'warning')).toEqual([]);
    expect(events.flatMap((e) => (e.kind === 'case' && e.case.attempts ? [e.case.name] : []))).toEqual([]);
  });

  it.each(REPORTS.filter((r) => r.names).map((r) => [r.file, r] as const))('%s: unescaped < and & read as written, with a repaired-xml warning', async (file, want) => {
    const events = await read(file);
    expect(events.flatMap((e) => (e.kind === 'case' ? [e.case.name] : []))).toEqual(want.names);
    expect(events.flatMap((e) => (e.kind === 'warning' ? [e.warning.code] : []))).toEqual(['repaired-xml']);
  });

  it('tst: the failure message keeps its raw < and &', async () => {
    const events = await read('tst-unescaped-attributes.xml');
    const messages = events.flatMap((e) => (e.kind === 'case' && e.case.message ? [e.case.message] : []));
    expect(messages).toContain('check(a < b) failed at expressions.cpp:42: 3 < 2 is false & must be true');
  });

  it('status="disabled" with a <failure> inside is a disabled, skipped test that keeps the failure text', async () => {
    const events = await read('status-disabled-failure.xml');
    const smem = events.flatMap((e) => (e.kind === 'case' && e.case.name === 'testSmemArithmetic' ? [e.case] : []));
    expect(smem).toEqual([expect.objectContaining({ result: 'SKIPPED', isDisabled: true, message: 'Assert: Boolean true check failed.' })]);
  });

  it("GoogleTest's epoch timestamp of a test that never ran is no start time", async () => {
    const events = await read('googletest-status.xml');
    const disabled = events.flatMap((e) => (e.kind === 'case' && e.case.name.startsWith('DISABLED_') ? [e.case] : []));
    expect(disabled.length).toBeGreaterThan(0);
    for (const c of disabled) {
      expect(c.result).toBe('SKIPPED');
      expect(c.startTime).toBeUndefined();
    }
  });

  it('truncated-mid-testcase.xml: the 5 complete cases, and suite "checkout" incomplete where the file ends', async () => {
    const want = REPORTS.find((r) => r.file === 'truncated-mid-testcase.xml')!.truncated!;
    const events = await read('truncated-mid-testcase.xml');
    expect(events.filter((e) => e.kind === 'case')).toHaveLength(want.completeTestcases);
    const incomplete = events.flatMap((e) => (e.kind === 'incomplete' ? [e] : []));
    expect(incomplete).toEqual([expect.objectContaining({ suite: expect.objectContaining({ name: want.cutInSuite }) })]);
    expect(incomplete[0]!.message).toMatch(new RegExp(`^truncated-mid-testcase\\.xml ends on line ${want.endsAtLine}, column \\d+, inside suite "checkout" .*: ${want.completeTestcases} complete test cases read, 2 of them in this suite`));
    expect(events.flatMap((e) => (e.kind === 'warning' ? [e.warning] : []))).toEqual([{ code: 'truncated', message: incomplete[0]!.message, line: want.endsAtLine, column: expect.any(Number) }]);
  });

  it('truncated-in-root-tag.xml: nothing recoverable, refused naming file and line', async () => {
    const want = REPORTS.find((r) => r.file === 'truncated-in-root-tag.xml')!;
    const error = await read(want.file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ file: want.file, line: want.truncated!.endsAtLine, message: expect.stringMatching(/truncated XML/) });
  });
});
