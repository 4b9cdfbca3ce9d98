import { describe, expect, it } from 'vitest';
import { importers } from '../../src/importers/index.js';
import { itWithCorpus } from '../helpers/corpus.js';
import { chunksOf, collect, corpusChunks } from './support.js';

const JENKINS = 'publish-unit-test-result-action/nunit/nunit3/jenkins';
const nunit3 = (cases: string) => `<test-run id="2" start-time="2024-01-02 03:04:05Z" duration="1.5">
  <test-suite type="Assembly" name="A.dll" fullname="/x/A.dll"><environment machine-name="ci-7" os-version="Linux 6.1" platform="Unix"/>
    <test-suite type="TestFixture" name="Calc" fullname="Ns.Calc"><properties><property name="Category" value="fast"/></properties>
      <test-suite type="ParameterizedMethod" name="Adds" fullname="Ns.Calc.Adds">${cases}</test-suite>
    </test-suite>
  </test-suite>
</test-run>`;
const case3 = (attributes: string, body = '') => `<test-case name="Adds(1)" fullname="Ns.Calc.Adds(1)" ${attributes}>${body}</test-case>`;

describe('NUnit importer', () => {
  it.each([
    ['result="Passed"', 'SUCCESS'],
    ['result="Warning"', 'SUCCESS'],
    ['result="Failed"', 'FAILURE'],
    ['result="Failed" label="Error"', 'FAILURE'],
    ['result="Failed" label="Invalid"', 'FAILURE'],
    ['result="Failed" label="Cancelled"', 'ABORTED'],
    ['result="Skipped" label="Ignored"', 'SKIPPED'],
    ['result="Skipped" label="Explicit"', 'SKIPPED'],
    ['result="Inconclusive"', 'SKIPPED'],
  ])('NUnit 3 %s is %s', async (attributes, expected) => {
    const { cases } = await collect(importers.nunit, chunksOf(nunit3(case3(attributes))));
    expect(cases[0].case.result).toBe(expected);
  });

  it.each([
    ['executed="True" result="Success" success="True"', 'SUCCESS'],
    ['executed="True" result="Failure" success="False"', 'FAILURE'],
    ['executed="True" result="Error" success="False"', 'FAILURE'],
    ['executed="False" result="Ignored"', 'SKIPPED'],
    ['executed="False" result="NotRunnable"', 'SKIPPED'],
    ['executed="True" result="Cancelled"', 'ABORTED'],
    ['executed="true" success="true"', 'SUCCESS'],
    ['executed="True" success="Turue"', 'SUCCESS'],
  ])('NUnit 2 %s is %s', async (attributes, expected) => {
    const text = `<test-results><test-suite type="TestFixture" name="Calc"><results><test-case name="Ns.Calc.Adds" ${attributes}/></results></test-suite></test-results>`;
    const { cases } = await collect(importers.nunit, chunksOf(text));
    expect(cases[0].case.result).toBe(expected);
  });

  it('groups NUnit 3 cases under their TestFixture, not the parameterized method, with the run facts', async () => {
    const body = `<failure><message><![CDATA[ Expected 2 ]]></message><stack-trace><![CDATA[at Ns.Calc.Adds()]]></stack-trace></failure><output><![CDATA[log line]]></output>
      <properties><property name="Priority" value="1"/></properties>`;
    const { runs, cases } = await collect(importers.nunit, chunksOf(nunit3(case3('result="Failed" duration="0.25" start-time="2024-01-02 03:04:05Z"', body))));
    expect(runs).toEqual([
      expect.objectContaining({ startTime: '2024-01-02T03:04:05Z', duration: 1500, machine: { deviceConfiguration: { hostName: 'ci-7', osVersion: 'Linux 6.1', platform: 'Unix' } } }),
    ]);
    expect(cases[0].suite).toMatchObject({ name: 'Ns.Calc', properties: { Category: 'fast' } });
    expect(cases[0].case).toMatchObject({
      name: 'Adds(1)',
      identity: 'Ns.Calc.Adds(1)',
      message: 'Expected 2',
      stackTrace: 'at Ns.Calc.Adds()',
      systemOut: 'log line',
      duration: 250,
      startTime: '2024-01-02T03:04:05Z',
      properties: { Priority: '1', outcome: 'Failed' },
    });
  });

  itWithCorpus('names NUnit 2 fixtures by their namespaces and shows cases relative to them', async () => {
    const { cases } = await collect(importers.nunit, corpusChunks(`${JENKINS}/NUnit-correct.xml`));
    const failing = cases.find((c) => c.case.name === 'FailingTest')!;
    expect(failing.suite.name).toBe('NUnit.Tests.Assemblies.MockTestFixture');
    expect(failing.case).toMatchObject({ identity: 'NUnit.Tests.Assemblies.MockTestFixture.FailingTest', message: 'Intentional failure', duration: 13 });
    const ignored = cases.find((c) => c.case.properties?.outcome === 'Ignored')!;
    expect(ignored.case).toMatchObject({ result: 'SKIPPED', message: expect.any(String) });
  });

  itWithCorpus('reads a bare NUnit 3 <test-suite> root as some runners write it', async () => {
    const { cases } = await collect(importers.nunit, corpusChunks('publish-unit-test-result-action/nunit/mstest/clicketyclackety.xml'));
    expect(cases).toHaveLength(23);
  });

  it('rejects a report of another format by its root element', async () => {
    await expect(collect(importers.nunit, chunksOf('<testsuites/>'))).rejects.toThrow("root element <testsuites> is not one of NUnit's");
  });
});
