/**
 * Documents nested `depth` levels deep in each report format, built as a few large strings (a 100,000-deep
 * document is a few MB): the hostile shape of issue 11 (a server stuck for minutes on one upload).
 * Each nests the element its format really nests (JUnit and NUnit suites, TRX inner results, xUnit.net
 * collections, CTRF parameter arrays) and holds one real test at the bottom.
 */
import type { FileFormat } from '../../src/importers/index.js';

const TRX_NS = 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010';

export function deepDocument(format: FileFormat, depth: number): string {
  switch (format) {
    case 'junit':
      return `<testsuites>${'<testsuite name="s">'.repeat(depth)}<testcase name="leaf"/>${'</testsuite>'.repeat(depth)}</testsuites>`;
    case 'nunit':
      return `<test-run>${'<test-suite type="TestSuite" name="n">'.repeat(depth)}<test-case name="leaf" fullname="n.leaf" result="Passed"/>${'</test-suite>'.repeat(depth)}</test-run>`;
    case 'trx': {
      // Bare inner levels keep 100,000 of them under the test app's 10 MB body limit.
      const inner = '<UnitTestResult><InnerResults>'.repeat(depth - 1);
      return `<TestRun xmlns="${TRX_NS}"><Results><UnitTestResult testId="t" testName="leaf" outcome="Passed"><InnerResults>${inner}${'</InnerResults></UnitTestResult>'.repeat(depth)}</Results></TestRun>`;
    }
    case 'xunit':
      return `<assemblies><assembly name="a">${'<collection name="c">'.repeat(depth)}<test name="T.leaf" type="T" result="Pass"/>${'</collection>'.repeat(depth)}</assembly></assemblies>`;
    case 'ctrf': {
      const test = `{"name":"leaf","status":"passed","duration":1,"parameters":{"p":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
      return `{"reportFormat":"CTRF","specVersion":"1.0.0","results":{"tool":{"name":"deep"},"summary":{"tests":1,"passed":1,"failed":0,"skipped":0,"pending":0,"other":0,"start":1,"stop":2},"tests":[${test}]}}`;
    }
  }
}
