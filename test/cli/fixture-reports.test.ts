/**
 * Issue 12's acceptance test: every report of test/fixtures/runners (written by real, installed reporters)
 * and test/fixtures/handwritten (modelled on tools no registry installs) goes through `verdict upload`
 * against a listening server, and the stored run has the counts the fixture was DESIGNED to have
 * (expected.json, written from each project's design, never from a parser): total, passed, failed,
 * skipped and flaky. Where a file cannot express its design (a reporter drops the skipped test or the
 * failed attempt), expected.json says what the file carries (`reportCarries`) and that is what is checked,
 * so the test says which reporter loses what. A cut-off report's run is not SUCCESS and says where the file
 * ended; a file with nothing recoverable is refused naming file and line; what was tolerated reaches stderr.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadCommand } from '../../src/cli/commands/upload.js';
import type { Io } from '../../src/cli/main.js';
import { testApp } from '../helpers/app.js';
import { DATABASES } from '../helpers/databases.js';

type Counts = { total: number; passed: number; failed: number; skipped: number; flaky: number };

interface Fixture extends Counts {
  file: string;
  format: string;
  reportCarries?: Counts;
  refused?: boolean;
  truncated?: { completeTestcases: number; endsAtLine: number; cutInSuite?: string };
}

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
const fixtures = (dir: 'runners' | 'handwritten', files: string) =>
  (JSON.parse(readFileSync(`${FIXTURES}${dir}/expected.json`, 'utf8')).reports as Fixture[]).map((f) => ({ ...f, path: `${FIXTURES}${dir}/${files}${f.file}` }));
const ALL = [...fixtures('runners', 'reports/'), ...fixtures('handwritten', '')];

const designedOrCarried = (f: Fixture): Counts => {
  const { total, passed, failed, skipped, flaky } = f.reportCarries ?? f;
  return { total, passed, failed, skipped, flaky };
};

describe.each(DATABASES)('every fixture report through verdict upload on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let server: string;
  beforeAll(async () => {
    t = await testApp(kind);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    server = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  });
  afterAll(() => t.close());

  it(`gives each of the ${ALL.length} fixtures its designed counts (or what its file carries), refuses only what has nothing readable`, async () => {
    expect(ALL.length).toBeGreaterThanOrEqual(24);
    const carriedLess: string[] = [];
    for (const fixture of ALL) {
      const out: string[] = [];
      const err: string[] = [];
      const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
      const code = await uploadCommand(['--server', server, '--key', t.key, '--plan', `fixtures ${fixture.file}`, '--json', fixture.path], io, {});
      const what = `${fixture.file}: ${err.join('\n')}`;
      if (fixture.refused) {
        expect(code, what).toBe(2);
        expect(err.join('\n'), what).toMatch(new RegExp(`answered 400: ${fixture.file.replace(/\./g, '\\.')}:${fixture.truncated!.endsAtLine}:\\d+: `));
        continue;
      }
      expect(code, what).toBe(0);
      const run = JSON.parse(out.join('\n'));
      expect(run.import.formats, what).toEqual([fixture.format]);
      const flaky = (await t.get(`/api/v3/test_runs/${run.id}/test_case_results?query=${encodeURIComponent('flaky:true')}&size=1`)).json().totalElements;
      const m = run.metrics;
      const got: Counts = { total: m.totalCount, passed: m.passedCount, failed: m.failedCount, skipped: m.skippedCount, flaky };
      expect(got, what).toEqual(designedOrCarried(fixture));
      if (fixture.reportCarries) carriedLess.push(fixture.file);
      if (fixture.truncated) {
        // Not SUCCESS although every case read passed, and it says where the file ended.
        expect(run.result, what).toBe('ABORTED');
        expect(run.import.warnings, what).toContainEqual(expect.objectContaining({ code: 'truncated', line: fixture.truncated.endsAtLine }));
        expect(err.join('\n'), what).toMatch(new RegExp(`warning: ${fixture.file.replace(/\./g, '\\.')}:${fixture.truncated.endsAtLine}:\\d+: .* ends on line ${fixture.truncated.endsAtLine}, .*${fixture.truncated.completeTestcases} complete test cases read`));
      }
    }
    // The reporters whose files cannot carry their design (expected.json `reportCarries`): they drop the
    // failed attempt of a test that passed on retry (and mocha-junit-reporter the skipped test).
    expect(carriedLess.sort()).toEqual(['jest-junit.xml', 'mocha-junit.xml', 'mocha-xunit.xml', 'playwright.xml', 'vitest-junit.xml']);
  });

  it('--strict fails on a report that was read with warnings, and passes a clean one', async () => {
    const io: Io = { out: () => {}, err: () => {} };
    const sloppy = ALL.find((f) => f.file === 'tst-unescaped-attributes.xml')!.path;
    const clean = ALL.find((f) => f.file === 'pytest-junit.xml')!.path;
    expect(await uploadCommand(['--server', server, '--key', t.key, '--plan', 'strict', '--strict', sloppy], io, {})).toBe(1);
    expect(await uploadCommand(['--server', server, '--key', t.key, '--plan', 'strict', '--strict', clean], io, {})).toBe(0);
    expect(await uploadCommand(['--server', server, '--key', t.key, '--plan', 'strict', sloppy], io, {})).toBe(0);
  });
});
