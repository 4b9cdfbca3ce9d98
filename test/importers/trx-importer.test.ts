import { describe, expect, it } from 'vitest';
import { importers } from '../../src/importers/index.js';
import { itWithCorpus } from '../helpers/corpus.js';
import { chunksOf, collect, corpusChunks } from './support.js';

const NS = 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010';
const result = (id: string, name: string, outcome: string, inner = '') =>
  `<UnitTestResult executionId="e-${id}" testId="${id}" testName="${name}" duration="00:00:01.2345678" outcome="${outcome}">${inner}</UnitTestResult>`;
const definition = (id: string, className: string, method: string) =>
  `<UnitTest name="${method}" id="${id}"><Execution id="e-${id}"/><TestMethod className="${className}" name="${method}"/></UnitTest>`;
const trx = (...parts: string[]) => `<?xml version="1.0" encoding="utf-8"?><TestRun id="r" name="run" runUser="me" xmlns="${NS}">${parts.join('')}</TestRun>`;

describe('TRX importer', () => {
  it('maps every outcome the TRX schema defines', async () => {
    const outcomes = {
      Passed: 'SUCCESS', PassedButRunAborted: 'SUCCESS', Completed: 'SUCCESS', Warning: 'SUCCESS',
      Failed: 'FAILURE', Error: 'FAILURE', Timeout: 'FAILURE',
      Aborted: 'ABORTED', Disconnected: 'ABORTED', InProgress: 'ABORTED',
      NotExecuted: 'SKIPPED', NotRunnable: 'SKIPPED', Inconclusive: 'SKIPPED', Pending: 'SKIPPED',
    };
    const results = Object.keys(outcomes).map((outcome, i) => result(`id${i}`, `Ns.C.T${i}`, outcome));
    const { cases } = await collect(importers.trx, chunksOf(trx(`<Results>${results.join('')}</Results>`)));
    expect(Object.fromEntries(cases.map((c) => [c.case.properties?.outcome, c.case.result]))).toEqual(outcomes);
  });

  it('takes the class from TestDefinitions written after the results (dotnet test)', async () => {
    const text = trx(
      `<Results>${result('a', 'Should add(x: 1)', 'Passed')}${result('b', 'Ns.Calc.Divides', 'Failed')}</Results>`,
      `<TestDefinitions>${definition('a', 'Ns.Calc', 'Adds')}${definition('b', 'Ns.Calc, Calc.Tests, Version=1.0.0.0', 'Divides')}</TestDefinitions>`,
    );
    const { cases } = await collect(importers.trx, chunksOf(text));
    expect(cases.map((c) => [c.suite.name, c.case.name, c.case.identity, c.case.duration])).toEqual([
      ['Ns.Calc', 'Should add(x: 1)', 'Ns.Calc.Should add(x: 1)', 1235],
      ['Ns.Calc', 'Divides', 'Ns.Calc.Divides', 1235],
    ]);
    expect(cases[0].suite).toBe(cases[1].suite);
  });

  it('streams results as they complete when the definitions come first (Visual Studio)', async () => {
    const head = trx(`<TestDefinitions>${definition('a', 'Ns.Calc', 'Adds')}</TestDefinitions><Results>${result('a', 'Adds', 'Passed')}`).replace('</TestRun>', '');
    let tailRead = false;
    async function* chunks() {
      yield head;
      tailRead = true;
      yield '</Results></TestRun>';
    }
    for await (const event of importers.trx.parse(chunks())) {
      if (event.kind === 'case') {
        expect(tailRead).toBe(false);
        break;
      }
    }
  });

  it('keeps message, stack trace and output; data-driven inner results become iterations', async () => {
    const inner = `<Output><StdOut>hello</StdOut><StdErr>oops</StdErr><ErrorInfo><Message> boom </Message><StackTrace>at X()</StackTrace></ErrorInfo></Output>
      <InnerResults>${result('a1', 'Row 1', 'Passed')}${result('a2', 'Row 2', 'Failed')}</InnerResults>`;
    const { cases } = await collect(importers.trx, chunksOf(trx(`<Results>${result('a', 'Ns.C.Data', 'Failed', inner)}</Results>`)));
    expect(cases).toHaveLength(1);
    expect(cases[0].case).toMatchObject({
      message: 'boom',
      stackTrace: 'at X()',
      systemOut: 'hello',
      systemErr: 'oops',
      isDataDriven: true,
      iterations: [{ name: 'Row 1', result: 'SUCCESS' }, { name: 'Row 2', result: 'FAILURE' }],
    });
    expect(cases[0].suite.name).toBe('Ns.C');
  });

  itWithCorpus('reports the run times, user and run name', async () => {
    const { runs } = await collect(importers.trx, corpusChunks('publish-unit-test-result-action/trx/mstest/pickles.trx'));
    expect(runs).toHaveLength(1);
    expect(runs[0].environment).toHaveProperty('runUser');
    expect(runs[0].duration).toBeGreaterThan(0);
  });

  it('refuses a TestRun outside the TeamTest namespace', async () => {
    await expect(collect(importers.trx, chunksOf('<TestRun><Results/></TestRun>'))).rejects.toThrow(/TeamTest\) namespace/);
  });

  itWithCorpus('reads the 804-case FluentValidation file in 1 KiB chunks, one identity per case', async () => {
    const { cases } = await collect(importers.trx, corpusChunks('publish-unit-test-result-action/trx/nunit/FluentValidation.Tests.trx', 1024));
    expect(new Set(cases.map((c) => c.case.identity)).size).toBe(804);
    expect(cases.every((c) => !c.suite.name.includes(','))).toBe(true);
  });
});
