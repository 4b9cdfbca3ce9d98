/**
 * Repeated test cases in one JUnit suite (junit/repeated-cases.ts; docs/importing.md "Repeated test cases"):
 * retries after a failure become attempts of one test, other repeats stay distinct tests. Each test's name
 * is the case it pins; the fixtures of real tools are in handwritten-reports.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { CaseDocument } from '../../src/core/document.js';
import { importers, type ImportEvent } from '../../src/importers/index.js';
import { HOLD_LIMIT } from '../../src/importers/junit/repeated-cases.js';

async function read(...chunks: string[]): Promise<ImportEvent[]> {
  const events: ImportEvent[] = [];
  for await (const e of importers.junit.parse((async function* () {
    yield* chunks;
  })(), { fileName: 'r.xml' })) events.push(e);
  return events;
}
const casesOf = (events: ImportEvent[]) => events.flatMap((e) => (e.kind === 'case' ? [e.case] : []));
const warningsOf = (events: ImportEvent[]) => events.flatMap((e) => (e.kind === 'warning' ? [e.warning] : []));
const suite = (body: string) => `<testsuite name="s">${body}</testsuite>`;
const pass = (name: string, extra = '') => `<testcase classname="C" name="${name}"${extra}/>`;
const fail = (name: string, extra = '') => `<testcase classname="C" name="${name}"${extra}><failure message="boom ${name}">trace</failure></testcase>`;
const summary = (c: CaseDocument) => [c.name, c.result, (c.attempts ?? []).map((a) => a.result).join(',') || '-', c.flaky ? 'flaky' : ''].join(' ').trim();

describe('repeated test cases in one suite', () => {
  it('fail a, pass b, pass a: one flaky test a (where it first appeared) with its failed attempt, and b', async () => {
    const events = await read(suite(fail('a') + pass('b') + pass('a')));
    expect(casesOf(events).map(summary)).toEqual(['a SUCCESS FAILURE flaky', 'b SUCCESS -']);
    expect(casesOf(events)[0]!.attempts).toEqual([{ result: 'FAILURE', message: 'boom a', stackTrace: 'trace' }]);
    expect(warningsOf(events)).toEqual([expect.objectContaining({ code: 'merged-retries', message: expect.stringMatching(/^suite "s": merged 2 repeated test cases into 1 test with earlier attempts/) })]);
  });

  it('fail, fail, fail: one failed test with two earlier attempts, not flaky', async () => {
    expect(casesOf(await read(suite(fail('a') + fail('a') + fail('a')))).map(summary)).toEqual(['a FAILURE FAILURE,FAILURE']);
  });

  it('in a suite holding retries, passed twice is one passed test, not flaky (Gradle re-runs a parameterized method whole)', async () => {
    expect(casesOf(await read(suite(pass('[1]') + fail('[2]') + pass('[1]') + pass('[2]')))).map(summary)).toEqual(['[1] SUCCESS SUCCESS', '[2] SUCCESS FAILURE flaky']);
  });

  it('in a suite holding no retries, repeats are distinct tests: passed twice, and passed then failed', async () => {
    const events = await read(suite(pass('a') + pass('a') + pass('b') + fail('b')));
    expect(casesOf(events).map(summary)).toEqual(['a SUCCESS -', 'a SUCCESS -', 'b SUCCESS -', 'b FAILURE -']);
    expect(warningsOf(events)).toEqual([]);
  });

  it('a failure and a pass that differ in file are two tests', async () => {
    expect(casesOf(await read(suite(fail('a', ' file="x.js"') + pass('a', ' file="y.js"')))).map(summary)).toEqual(['a FAILURE -', 'a SUCCESS -']);
  });

  it('the same name in two suites is two tests: repeats are looked for within one suite element', async () => {
    expect(casesOf(await read(`<testsuites>${suite(fail('a'))}${suite(pass('a'))}</testsuites>`)).map(summary)).toEqual(['a FAILURE -', 'a SUCCESS -']);
  });

  it('nameless test cases are never attempts of each other', async () => {
    expect(casesOf(await read(suite('<testcase><failure/></testcase><testcase/>'))).map(summary)).toEqual(['(unnamed) FAILURE -', '(unnamed) SUCCESS -']);
  });

  it(`a suite past ${HOLD_LIMIT.cases.toLocaleString('en-US')} cases is let go in windows (memory stays bounded): cases come before the suite ends, a repeat across windows counts as written`, async () => {
    const filler = Array.from({ length: HOLD_LIMIT.cases - 1 }, (_, i) => pass(`t${i}`)).join('');
    const iterator = importers.junit.parse((async function* () {
      yield `<testsuite name="big">${fail('flaky')}${filler}`;
      // The first window was let go before the rest of the suite was read.
      yield `${pass('flaky')}</testsuite>`;
    })(), { fileName: 'big.xml' })[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toMatchObject({ kind: 'case', case: { name: 'flaky', result: 'FAILURE' } });
    const rest: ImportEvent[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest.push(r.value);
    expect(casesOf(rest)).toHaveLength(HOLD_LIMIT.cases);
    expect(casesOf(rest).at(-1)).toMatchObject({ name: 'flaky', result: 'SUCCESS' });
    expect(warningsOf(rest)).toEqual([expect.objectContaining({ code: 'merged-retries', message: expect.stringMatching(/^suite "big" has more than 10000 test cases/) })]);
  });
});
