import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError, importers } from '../../src/importers/index.js';
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

  it('rejects schema violations naming the offending field', async () => {
    const text = ctrf([{ name: 't', status: 'passed', duration: 1, colour: 'blue' }]);
    await expect(importCtrf(text)).rejects.toThrow("/results/tests/0 must NOT have additional properties ('colour')");
  });

  it('rejects an incompatible major specVersion, as the spec requires', async () => {
    const text = ctrf([]).replace('"1.0.0"', '"2.0.0"');
    await expect(importCtrf(text)).rejects.toThrow('CTRF specVersion 2.0.0 is not supported');
  });

  it('rejects JSON that is not CTRF', async () => {
    await expect(importCtrf('{"stats":{},"tests":[]}')).rejects.toThrow(/not a valid CTRF report/);
    await expect(importCtrf('[]')).rejects.toThrow(ImportError);
  });
});
