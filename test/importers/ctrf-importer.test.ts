import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError, importers, type ImportEvent } from '../../src/importers/index.js';
import { itWithCorpus } from '../helpers/corpus.js';
import { CORPUS, chunksOf, collect } from './support.js';

const example = (name: string) => readFileSync(`${CORPUS}ctrf-spec/examples/${name}`, 'utf8');

/** A minimal valid document around the given tests. */
function ctrf(tests: object[], results: object = {}): string {
  return JSON.stringify({
    reportFormat: 'CTRF',
    specVersion: '1.0.0',
    results: {
      tool: { name: 'vitest' },
      summary: { tests: tests.length, passed: 0, failed: 0, skipped: 0, pending: 0, other: 0, start: 1_700_000_000_000, stop: 1_700_000_001_500 },
      tests,
      ...results,
    },
  });
}

const importCtrf = (text: string) => collect(importers.ctrf, chunksOf(text), 'report.json');

describe('CTRF importer', () => {
  it('maps every status; pending is skipped, other (interrupted, unknown) is aborted', async () => {
    const statuses = ['passed', 'failed', 'skipped', 'pending', 'other'];
    const { cases } = await importCtrf(ctrf(statuses.map((status) => ({ name: status, status, duration: 1 }))));
    expect(cases.map((c) => c.case.result)).toEqual(['SUCCESS', 'FAILURE', 'SKIPPED', 'SKIPPED', 'ABORTED']);
  });

  it('names the suite by its path, else the file, else the tool', async () => {
    const { cases } = await importCtrf(
      ctrf([
        { name: 'a', status: 'passed', duration: 1, suite: ['Auth', 'Login'] },
        { name: 'b', status: 'passed', duration: 1, filePath: 'test/b.spec.ts' },
        { name: 'c', status: 'passed', duration: 1 },
        { name: 'd', status: 'passed', duration: 1, suite: ['Auth', 'Login'] },
      ]),
    );
    expect(cases.map((c) => c.suite.name)).toEqual(['Auth > Login', 'test/b.spec.ts', 'vitest', 'Auth > Login']);
    expect(cases[0].suite).toBe(cases[3].suite);
  });

  itWithCorpus('keeps diagnostics, output, steps, testId and small facts', async () => {
    const { cases } = await importCtrf(example('comprehensive.json'));
    const failed = cases[2].case;
    expect(failed).toMatchObject({
      name: 'admin dashboard loads',
      identity: 'admin-dashboard-loads',
      message: 'Element not found: .dashboard-metrics',
      stackTrace: expect.stringContaining('at waitForElement'),
      systemOut: 'Loading admin dashboard\nChecking authentication',
      systemErr: expect.stringContaining('Slow network'),
      duration: 8000,
      startTime: '2021-01-01T00:00:13.900Z',
      steps: [
        { action: 'Navigate to dashboard', result: 'SUCCESS' },
        { action: 'Wait for metrics', result: 'FAILURE' },
      ],
    });
    expect(failed.properties).toMatchObject({ tags: 'regression', filePath: 'tests/admin/dashboard.test.js', line: '42', 'label.priority': 'P3', 'parameter.userRole': 'admin' });
  });

  itWithCorpus('turns retryAttempts into earlier attempts, leaving out the final execution', async () => {
    const { cases } = await importCtrf(example('with-retries.json'));
    expect(cases[1].case).toMatchObject({
      result: 'SUCCESS',
      flaky: true,
      attempts: [
        { result: 'FAILURE', message: 'Connection timeout', duration: 120 },
        { result: 'FAILURE', message: 'Connection timeout', duration: 130 },
      ],
    });
  });

  it('keeps every attempt when the list holds only the earlier ones, and infers flakiness', async () => {
    const test = { name: 't', status: 'passed', duration: 3, retries: 1, retryAttempts: [{ attempt: 1, status: 'failed' }] };
    const { cases } = await importCtrf(ctrf([test]));
    expect(cases[0].case).toMatchObject({ attempts: [{ result: 'FAILURE' }], flaky: true });
  });

  itWithCorpus('reports environment, tool and run time as a run event first', async () => {
    const { events } = await importCtrf(example('comprehensive.json'));
    expect(events[0]).toMatchObject({
      kind: 'run',
      startTime: '2021-01-01T00:00:00.000Z',
      duration: 20000,
      environment: { tool: 'example-runner', toolVersion: '3.5.0', branchName: 'feature/new-dashboard', buildNumber: '456', healthy: 'false' },
    });
  });

  it('rejects malformed JSON with its line and column', async () => {
    const error = await importCtrf('{\n  "reportFormat": "CTRF",\n  oops\n}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ file: 'report.json', line: 3, column: 3, message: expect.stringMatching(/^malformed JSON/) });
  });

  it('reads a document with fields the schema does not know, and a warning names them once, whatever the count', async () => {
    const text = ctrf([1, 2, 3].map((n) => ({ name: `t${n}`, status: 'passed', duration: 1, colour: 'blue' })));
    const { cases, events } = await importCtrf(text);
    expect(cases).toHaveLength(3);
    expect(warningsOf(events)).toEqual([{ code: 'schema-deviation', message: "not as the CTRF schema requires, read anyway (unknown fields left out): /results/tests/* must NOT have additional properties ('colour') (3 times)" }]);
  });

  it('rejects an incompatible major specVersion, as the spec requires', async () => {
    const text = ctrf([]).replace('"1.0.0"', '"2.0.0"');
    await expect(importCtrf(text)).rejects.toThrow('CTRF specVersion 2.0.0 is not supported');
  });

  it('refuses only a document without tests to read', async () => {
    await expect(importCtrf('{"stats":{},"tests":[]}')).rejects.toThrow('not a CTRF report: no `results` object');
    await expect(importCtrf('[]')).rejects.toThrow('not a CTRF report: the document is not a JSON object');
    await expect(importCtrf('{"results":{"tests":{}}}')).rejects.toThrow('not a CTRF report: `results.tests` is not a list of tests');
    await expect(importCtrf('{"results":{"tests":[1,"x"]}}')).rejects.toThrow('not a CTRF report: none of the 2 entries of `results.tests` is a test object');
    await expect(importCtrf('{"reportFormat":"JUnit","results":{"tests":[]}}')).rejects.toThrow('not a CTRF report: reportFormat is "JUnit", not "CTRF"');
  });
});

const warningsOf = (events: ImportEvent[]) => events.flatMap((e) => (e.kind === 'warning' ? [e.warning] : []));

/** What real reporters write that the CTRF schema forbids, each read with its meaning and said once (issue 12). */
describe('CTRF as real reporters write it', () => {
  const legacy = (tests: object[]) => JSON.stringify({ results: { tool: { name: 'jest' }, summary: { tests: tests.length, passed: 0, failed: 0, skipped: 0, pending: 0, other: 0, start: 1_700_000_000_000, stop: 1_700_000_001_500 }, tests } });

  it('no reportFormat or specVersion (jest-ctrf-json-reporter 0.0.10): detected by results, read as 1.x', async () => {
    const text = legacy([{ name: 'a', status: 'passed', duration: 1 }]);
    expect(importers.ctrf.detect(text)).toBe(true);
    const { cases, events } = await importCtrf(text);
    expect(cases).toHaveLength(1);
    expect(warningsOf(events)).toEqual([{ code: 'schema-deviation', message: expect.stringMatching(/^no reportFormat or specVersion \(older reporters write neither/) }]);
  });

  it('fractional durations (@d2t/vitest-ctrf-json-reporter) are rounded to whole milliseconds', async () => {
    const { cases, events } = await importCtrf(ctrf([{ name: 'a', status: 'passed', duration: 2.4169579999999655 }, { name: 'b', status: 'passed', duration: 20.596487000000025 }]));
    expect(cases.map((c) => c.case.duration)).toEqual([2, 21]);
    expect(warningsOf(events)).toEqual([{ code: 'schema-deviation', message: expect.stringMatching(/^`duration` is fractional in 2 tests/) }]);
  });

  it('a suite string equal to the test name (@d2t/vitest-ctrf-json-reporter) names the path above the test', async () => {
    const { cases } = await importCtrf(ctrf([{ name: 'calculator > adds numbers', status: 'passed', duration: 1, suite: 'calculator > adds numbers', filePath: 'calc.test.mjs' }, { name: 'top', status: 'passed', duration: 1, suite: 'top', filePath: 'calc.test.mjs' }]));
    expect(cases.map((c) => c.suite.name)).toEqual(['calculator', 'calc.test.mjs']);
  });

  it('retryAttempts without attempt numbers (playwright-ctrf-json-reporter) are taken in the order written', async () => {
    const test = { name: 't', status: 'passed', duration: 9, retries: 2, flaky: true, retryAttempts: [{ status: 'failed', duration: 11, message: 'first' }, { status: 'failed', duration: 12, message: 'second' }] };
    const { cases, events } = await importCtrf(ctrf([test]));
    expect(cases[0]!.case).toMatchObject({ result: 'SUCCESS', flaky: true, attempts: [{ result: 'FAILURE', message: 'first', duration: 11 }, { result: 'FAILURE', message: 'second', duration: 12 }] });
    expect(warningsOf(events)).toEqual([{ code: 'schema-deviation', message: expect.stringMatching(/^`retryAttempts` without `attempt` numbers in 1 test/) }]);
  });

  it('per-test start/stop in Unix seconds (playwright-ctrf-json-reporter) are read as seconds; the summary in ms stays ms', async () => {
    const { cases, runs, events } = await importCtrf(ctrf([{ name: 't', status: 'passed', duration: 28, start: 1_796_006_927, stop: 1_796_006_928 }]));
    expect(cases[0]!.case).toMatchObject({ startTime: '2026-11-30T02:48:47.000Z', endTime: '2026-11-30T02:48:48.000Z' });
    expect(runs[0]!.startTime).toBe('2023-11-14T22:13:20.000Z');
    expect(warningsOf(events)).toEqual([{ code: 'schema-deviation', message: expect.stringMatching(/^2 `start`\/`stop` values are Unix seconds/) }]);
  });

  it('a time no date can hold (start 1e300) is no time, not a crash', async () => {
    const { cases } = await importCtrf(ctrf([{ name: 't', status: 'passed', duration: 1, start: 1e300 }]));
    expect(cases[0]!.case.startTime).toBeNull();
  });

  it('an unknown status is other (ABORTED), keeping what was written; the run cannot pass on it', async () => {
    const { cases, events } = await importCtrf(ctrf([{ name: 't', status: 'broken', duration: 1 }]));
    expect(cases[0]!.case).toMatchObject({ result: 'ABORTED', properties: { rawStatus: 'broken' } });
    expect(warningsOf(events)[0]!.message).toMatch(/^status "broken" \(1 time\) is not one of passed, failed, skipped, pending, other/);
  });

  it('entries that are no test object are left out with a warning, the others read', async () => {
    const { cases, events } = await importCtrf(ctrf([{ name: 'a', status: 'passed', duration: 1 }, 'junk' as unknown as object]));
    expect(cases).toHaveLength(1);
    expect(warningsOf(events).map((w) => w.code)).toContain('ignored-content');
  });
});
