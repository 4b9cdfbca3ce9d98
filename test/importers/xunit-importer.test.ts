import { describe, expect, it } from 'vitest';
import { importers } from '../../src/importers/index.js';
import { itWithCorpus } from '../helpers/corpus.js';
import { chunksOf, collect, corpusChunks } from './support.js';

const v2 = (tests: string) => `<assemblies><assembly name="T.dll" test-framework="xUnit.net 2.4.1" environment="64-bit" run-date="2024-01-02" run-time="03:04:05" time="1.5">
  <collection name="Test collection for Ns.Calc" time="1.2">${tests}</collection></assembly></assemblies>`;

describe('xUnit.net importer', () => {
  it.each([
    ['Pass', 'SUCCESS'],
    ['Fail', 'FAILURE'],
    ['Skip', 'SKIPPED'],
    ['NotRun', 'SKIPPED'],
  ])('result %s is %s', async (result, expected) => {
    const { cases } = await collect(importers.xunit, chunksOf(v2(`<test name="Ns.Calc.Adds" type="Ns.Calc" method="Adds" time="0.1" result="${result}"/>`)));
    expect(cases[0].case.result).toBe(expected);
  });

  it('keeps failure, output, traits and skip reason; the suite is the test class', async () => {
    const { runs, cases } = await collect(
      importers.xunit,
      chunksOf(
        v2(`<test name="Ns.Calc.Adds(x: 1)" type="Ns.Calc" method="Adds" time="0,014" result="Fail">
          <traits><trait name="Category" value="fast"/><trait name="Category" value="math"/></traits>
          <failure exception-type="Xunit.Sdk.EqualException"><message><![CDATA[Assert.Equal() Failure]]></message><stack-trace><![CDATA[at Ns.Calc.Adds()]]></stack-trace></failure>
          <output><![CDATA[hello]]></output></test>
        <test name="Custom display" type="Ns.Calc" method="Later" time="0" result="Skip"><reason><![CDATA[not yet]]></reason></test>`),
      ),
    );
    expect(runs[0]).toMatchObject({ startTime: '2024-01-02T03:04:05Z', duration: 1500, environment: { assembly: 'T.dll', 'test-framework': 'xUnit.net 2.4.1' } });
    expect(cases.map((c) => c.suite.name)).toEqual(['Ns.Calc', 'Ns.Calc']);
    expect(cases[0].case).toMatchObject({
      name: 'Adds(x: 1)',
      identity: 'Ns.Calc.Adds(x: 1)',
      errorType: 'Xunit.Sdk.EqualException',
      message: 'Assert.Equal() Failure',
      stackTrace: 'at Ns.Calc.Adds()',
      systemOut: 'hello',
      duration: 14,
      properties: { Category: 'fast, math', outcome: 'Fail' },
    });
    expect(cases[1].case).toMatchObject({ name: 'Custom display', identity: 'Ns.Calc.Custom display', result: 'SKIPPED', message: 'not yet' });
  });

  itWithCorpus('reads the xUnit.net 1 layout (<assembly><class>) under a leading comment', async () => {
    const { cases } = await collect(importers.xunit, corpusChunks('publish-unit-test-result-action/xunit/mstest/pickles.xml'));
    expect(cases.map((c) => c.suite.name)).toEqual(Array(4).fill('Pickles.TestHarness.xUnit.AdditionFeature'));
    expect(cases[0].case.properties).toMatchObject({ FeatureTitle: 'Addition' });
  });

  it('rejects a report of another format by its root element', async () => {
    await expect(collect(importers.xunit, chunksOf('<test-run/>'))).rejects.toThrow("root element <test-run> is not one of xUnit.net's");
  });
});
