import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseDocument } from '../../src/core/document.js';
import { ImportError, type ImportEvent, type SuiteInfo } from '../../src/importers/importer.js';
import { junitImporter } from '../../src/importers/junit-importer.js';
import { countOutcomes } from '../../src/importers/junit/count-outcomes.js';
import { CORPUS, itWithCorpus } from '../helpers/corpus.js';

const encode = (text: string) => new TextEncoder().encode(text);

async function* chunksOf(...chunks: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  yield* chunks;
}

async function importXml(...chunks: (string | Uint8Array)[]): Promise<ImportEvent[]> {
  const events: ImportEvent[] = [];
  for await (const event of junitImporter.parse(chunksOf(...chunks), { fileName: 'report.xml' })) events.push(event);
  return events;
}

async function importCorpus(file: string): Promise<ImportEvent[]> {
  return importXml(readFileSync(CORPUS + file));
}

function casesOf(events: ImportEvent[]): { suite: SuiteInfo; case: CaseDocument }[] {
  return events.flatMap((e) => (e.kind === 'case' ? [{ suite: e.suite, case: e.case }] : []));
}

async function onlyCase(xml: string): Promise<CaseDocument> {
  const cases = casesOf(await importXml(xml));
  expect(cases).toHaveLength(1);
  return cases[0]!.case;
}

async function failure(...chunks: (string | Uint8Array)[]): Promise<ImportError> {
  const error = await importXml(...chunks).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

const suite = (body: string, attrs = 'name="S"') => `<testsuites><testsuite ${attrs}>${body}</testsuite></testsuites>`;

describe('detect', () => {
  it.each([
    ['<testsuites>', true],
    ['<testsuite name="x" tests="1">', true],
    ['<testsuite/>', true],
    ['\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<!-- generated -->\r\n<!DOCTYPE testsuites [<!ELEMENT a ANY>]>\n<?pi x?>\n<testsuites name="jest">', true],
    ['<testsuitesX>', false],
    ['<test-run id="2">', false],
    ['<?xml version="1.0"?><assemblies>', false],
    ['<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">', false],
    ['{"results": {}}', false],
    ['<!-- a comment that the 4 KiB head cuts off', false],
    ['', false],
  ])('%j -> %s', (head, expected) => {
    expect(junitImporter.detect(head)).toBe(expected);
  });

  it('is the junit format', () => {
    expect(junitImporter.format).toBe('junit');
  });
});

describe('a case', () => {
  it('is named by `name` and identified across runs by classname::name', async () => {
    const c = await onlyCase(suite('<testcase name="adds" classname="calc.MathTest" file="calc/test.py" line="12" time="0.25"/>'));
    expect(c).toEqual({
      name: 'adds',
      result: 'SUCCESS',
      identity: 'calc.MathTest::adds',
      duration: 250,
      properties: { classname: 'calc.MathTest', file: 'calc/test.py', line: '12' },
    });
  });

  it('falls back to file::name for identity, and to (unnamed) for a nameless case', async () => {
    expect((await onlyCase(suite('<testcase name="t" file="t.py"/>'))).identity).toBe('t.py::t');
    expect((await onlyCase(suite('<testcase name="t" classname=""/>'))).identity).toBeUndefined();
    expect((await onlyCase(suite('<testcase/>'))).name).toBe('(unnamed)');
  });

  it('<failure>: message attribute, type as errorType, body as stack trace', async () => {
    const c = await onlyCase(suite('<testcase name="t"><failure message="expected 1" type="AssertionError">  at a.b(c.java:1)\n  at d\n</failure></testcase>'));
    expect(c).toMatchObject({ result: 'FAILURE', message: 'expected 1', errorType: 'AssertionError', stackTrace: 'at a.b(c.java:1)\n  at d' });
    expect(c.properties?.junitOutcome).toBeUndefined();
  });

  it('<failure> without a message attribute takes the first line of its body', async () => {
    const c = await onlyCase(suite('<testcase name="t"><failure>\n\n  AssertionError: boom\n  at x\n</failure></testcase>'));
    expect(c.message).toBe('AssertionError: boom');
  });

  it('<error> is a FAILURE marked junitOutcome=error', async () => {
    const c = await onlyCase(suite('<testcase name="t"><error message="NPE" type="java.lang.NullPointerException">trace</error></testcase>'));
    expect(c).toMatchObject({ result: 'FAILURE', message: 'NPE', errorType: 'java.lang.NullPointerException', properties: { junitOutcome: 'error' } });
  });

  it('<skipped> and status="disabled" are SKIPPED; disabled ones say so', async () => {
    expect(await onlyCase(suite('<testcase name="t"><skipped message="needs GPU"/></testcase>'))).toMatchObject({ result: 'SKIPPED', message: 'needs GPU' });
    const disabled = await onlyCase(suite(`<testcase name='t' status='disabled' time='0'/>`));
    expect(disabled).toMatchObject({ result: 'SKIPPED', isDisabled: true });
    expect(await onlyCase(suite('<testcase name="t" status="notrun"/>'))).toMatchObject({ result: 'SKIPPED' });
  });

  itWithCorpus('with several outcome elements, error beats failure beats skipped (junit.multiresult.xml)', async () => {
    const cases = casesOf(await importCorpus('publish-unit-test-result-action/junit-xml/junit.multiresult.xml'));
    expect(cases.map((c) => [c.case.result, c.case.properties?.junitOutcome, c.case.message])).toEqual([
      ['FAILURE', 'error', 'test teardown failure'],
      ['FAILURE', undefined, 'test failure'],
      ['SKIPPED', undefined, undefined],
      ['SUCCESS', undefined, undefined],
    ]);
  });

  it('keeps its own system-out and system-err, and its <properties>', async () => {
    const c = await onlyCase(
      suite('<testcase name="t"><properties><property name="owner" value="team-a"/><property name="notes">\n  line 1\n  line 2\n</property></properties><system-out>hello\n</system-out><system-err><![CDATA[warn <b>]]></system-err></testcase>'),
    );
    expect(c).toMatchObject({ systemOut: 'hello', systemErr: 'warn <b>', properties: { owner: 'team-a', notes: 'line 1\n  line 2' } });
  });

  itWithCorpus('drops empty output (empty-system-out-err.xml)', async () => {
    const [c] = casesOf(await importCorpus('publish-unit-test-result-action/junit-xml/empty-system-out-err.xml'));
    expect(c!.case.systemOut).toBeUndefined();
    expect(c!.case.systemErr).toBeUndefined();
  });

  it('decodes entities and keeps emoji, CRLF as LF, and raw ANSI colour codes', async () => {
    const ansi = '\u001b[31m✗ expected\u001b[0m 🚨';
    const c = await onlyCase(suite(`<testcase name="a &amp; &lt;b&gt; &quot;c&quot;"><failure message="${ansi}">line 1\r\nline 2\r\n</failure></testcase>`));
    expect(c.name).toBe('a & <b> "c"');
    expect(c.message).toBe(ansi);
    expect(c.stackTrace).toBe('line 1\nline 2');
  });

  it('counts the content, not the declared totals', async () => {
    const events = await importXml('<testsuites tests="99" failures="7"><testsuite tests="5" failures="3"><testcase name="a"/><testcase name="b"/></testsuite></testsuites>');
    expect(countOutcomes(events)).toMatchObject({ tests: 2, passed: 2, failures: 0 });
  });
});

describe('durations', () => {
  it.each([
    ['0.123', 123],
    ['4.5e-05', 0],
    ['2,503.1', 2_503_100],
    ['12', 12_000],
    ['-345345', undefined],
    ['', undefined],
    ['n/a', undefined],
  ])('time="%s" -> %s ms', async (time, ms) => {
    expect((await onlyCase(suite(`<testcase name="t" time="${time}"/>`))).duration).toBe(ms);
  });
});

describe('surefire reruns', () => {
  itWithCorpus('flakyFailure then a pass: SUCCESS, flaky, each failed run an attempt (gh-237 FlakyTest)', async () => {
    const [c] = casesOf(await importCorpus('jenkins-junit-plugin/resources/gh-237/TEST-io.olamy.FlakyTest.xml'));
    expect(c!.case).toMatchObject({ name: 'testApp', result: 'SUCCESS', flaky: true });
    expect(c!.case.attempts?.map((a) => [a.result, a.message])).toEqual([
      ['FAILURE', 'obvious fail'],
      ['FAILURE', 'try one more time maybe'],
    ]);
    expect(c!.case.attempts?.[0]?.stackTrace).toMatch(/^junit\.framework\.AssertionFailedError: obvious fail\n\tat /);
    // The flaky runs' own output belongs to those runs, not to the case.
    expect(c!.case.systemOut).toBeUndefined();
  });

  itWithCorpus('failure then rerunFailures: still FAILURE, not flaky; earlier runs are attempts (gh-237 AlwaysFailTest)', async () => {
    const [c] = casesOf(await importCorpus('jenkins-junit-plugin/resources/gh-237/TEST-io.olamy.AlwaysFailTest.xml'));
    expect(c!.case).toMatchObject({ result: 'FAILURE', message: 'built to fail', errorType: 'junit.framework.AssertionFailedError', systemOut: 'this will fail for real' });
    expect(c!.case.flaky).toBeUndefined();
    // <failure> plus 3 reruns = 4 runs: the last is the case's own result, 3 earlier attempts.
    expect(c!.case.attempts).toHaveLength(3);
    expect(c!.case.stackTrace).toMatch(/^junit\.framework\.AssertionFailedError: built to fail/);
  });

  it('flakyError counts as a failed attempt; rerunError keeps the error marker', async () => {
    const flaky = await onlyCase(suite('<testcase name="t"><flakyError message="timeout" type="IOException" time="1.5"><stackTrace>trace</stackTrace></flakyError></testcase>'));
    expect(flaky).toMatchObject({ result: 'SUCCESS', flaky: true, attempts: [{ result: 'FAILURE', message: 'timeout', stackTrace: 'trace', duration: 1500 }] });
    const rerun = await onlyCase(suite('<testcase name="t"><error message="first" type="E"/><rerunError message="second" type="E">old-style trace</rerunError></testcase>'));
    expect(rerun).toMatchObject({ result: 'FAILURE', message: 'second', stackTrace: 'old-style trace', attempts: [{ result: 'FAILURE', message: 'first' }], properties: { junitOutcome: 'error' } });
  });
});

describe('suites', () => {
  it('a case belongs to its innermost <testsuite>, however deep (four levels)', async () => {
    const xml = `<testsuites name="run">
      <testsuite name="L1"><testsuite name="L2"><testsuite name="L3"><testsuite name="L4">
        <testcase name="deep" classname="c"/>
      </testsuite><testcase name="in3"/></testsuite></testsuite><testcase name="in1"/></testsuite>
    </testsuites>`;
    expect(casesOf(await importXml(xml)).map((c) => [c.suite.name, c.case.name])).toEqual([
      ['L4', 'deep'],
      ['L3', 'in3'],
      ['L1', 'in1'],
    ]);
  });

  itWithCorpus('nested suites as PHPUnit writes them (testsuite-in-testsuite.xml)', async () => {
    const cases = casesOf(await importCorpus('publish-unit-test-result-action/junit-xml/testsuite-in-testsuite.xml'));
    expect(cases.map((c) => `${c.suite.name}/${c.case.name}`)).toEqual([
      'TestSuite1/TestCase1',
      'TestSuite1/TestCase2',
      'TestSuite2.1/TestCase3',
      'TestSuite2/TestCase4',
      'Project Test Suite/TestCase5',
    ]);
  });

  itWithCorpus('shares one SuiteInfo between the cases of a suite, with its properties, time and timestamp', async () => {
    const events = await importCorpus('jenkins-junit-plugin/resources/JENKINS-42438/junit-report-1.xml');
    const cases = casesOf(events);
    expect(cases).toHaveLength(11);
    expect(new Set(cases.map((c) => c.suite)).size).toBe(1);
    expect(cases[0]!.suite).toEqual({
      name: 'org.catrobat.paintroid.test.integration.ActivityOpenedFromPocketCodeNewImageTest',
      startTime: '2017-03-19T16:04:02Z',
      duration: 2000,
      properties: { device: 'hudson_en-US_240_WVGA_android-18_x86(AVD) - 4.3.1', flavor: '', project: 'Paintroid' },
    });
  });

  itWithCorpus('same-named suites keep their own durations (junit-report-time-aggregation*.xml)', async () => {
    const durations = async (file: string) =>
      [...new Set(casesOf(await importCorpus(`jenkins-junit-plugin/resources/${file}`)).map((c) => c.suite))].map((s) => [s.name, s.duration]);
    expect(await durations('junit-report-time-aggregation.xml')).toEqual([
      ['test.fs.FileSystemTests', 50_000],
      ['test.fs.FileSystemTests', 50_000],
    ]);
    // No suite time: left for ingestion to derive from the cases (Jenkins sums them too).
    expect(await durations('junit-report-time-aggregation2.xml')).toEqual([
      ['test.fs.FileSystemTests', undefined],
      ['test.fs.FileSystemTests', undefined],
    ]);
  });

  itWithCorpus('joins Ant\'s package attribute back onto the suite name (JENKINS-48583 TESTS-TestSuites.xml)', async () => {
    const names = casesOf(await importCorpus('jenkins-junit-plugin/resources/JENKINS-48583/TESTS-TestSuites.xml')).map((c) => c.suite.name);
    expect([...new Set(names)]).toEqual(['com.sample.test.TestMessage', 'com.sample.test.TestMessage2']);
  });

  it('a nameless suite is named after its first case\'s classname, else the file', async () => {
    expect(casesOf(await importXml('<testsuite><testcase classname="pkg.C" name="a"/></testsuite>'))[0]!.suite.name).toBe('pkg.C');
    expect(casesOf(await importXml('<testsuites><testsuite><testcase name="a"/></testsuite></testsuites>'))[0]!.suite.name).toBe('(report.xml)');
  });

  it('cases directly under <testsuites> take the root\'s name', async () => {
    expect(casesOf(await importXml('<testsuites name="all"><testcase name="a"/></testsuites>'))[0]!.suite.name).toBe('all');
  });

  itWithCorpus("suite-level output goes to a single case without its own (Bazel's test log)", async () => {
    const [c] = casesOf(await importCorpus('publish-unit-test-result-action/junit-xml/bazel/suite-logs.xml'));
    expect(c!.case).toMatchObject({ result: 'FAILURE', message: 'exited with error code 1', properties: { junitOutcome: 'error' } });
    expect(c!.case.systemOut).toMatch(/^Generated test\.log .*\n[\s\S]*ModuleNotFoundError: No module named 'non_existent_package'$/);
    expect(c!.case.systemErr).toBe('Generated test.err');
  });

  it('suite-level output is not copied onto several cases', async () => {
    const cases = casesOf(await importXml(suite('<testcase name="a"/><testcase name="b"/><system-out>suite log</system-out>')));
    expect(cases.map((c) => c.case.systemOut)).toEqual([undefined, undefined]);
  });

  itWithCorpus('an <error> directly in a suite becomes a failing <init> case, as in Jenkins (junit-report-6700.xml)', async () => {
    const cases = casesOf(await importCorpus('jenkins-junit-plugin/resources/junit-report-6700.xml'));
    expect(cases).toHaveLength(1);
    expect(cases[0]!.case).toMatchObject({
      name: '<init>',
      identity: 'gda.device.detector.XHDetectorTest::<init>',
      result: 'FAILURE',
      message: 'gda/device/detector/DAServer',
      errorType: 'java.lang.NoClassDefFoundError',
      properties: { junitOutcome: 'error' },
    });
  });

  itWithCorpus('nested suites with a suite-level error give three leaf cases (junit-report-nested-testsuites.xml)', async () => {
    const cases = casesOf(await importCorpus('jenkins-junit-plugin/resources/junit-report-nested-testsuites.xml'));
    expect(cases.map((c) => `${c.suite.name}/${c.case.name}`).sort()).toEqual(['test.3rdlevel/<init>', 'test.db.DatabaseTest/testTable', 'test.fs.FileSystemTest/testPrefix']);
  });
});

describe('run facts', () => {
  itWithCorpus('root timestamp and time, and the first hostname', async () => {
    const runs = (await importCorpus('publish-unit-test-result-action/junit-xml/empty-system-out-err.xml')).filter((e) => e.kind === 'run');
    expect(runs).toEqual([{ kind: 'run', startTime: '2020-09-10T13:34:55Z', duration: 1234 }]);
    const pytest = (await importCorpus('publish-unit-test-result-action/junit-xml/pytest/junit.fail.xml')).filter((e) => e.kind === 'run');
    expect(pytest).toContainEqual({ kind: 'run', machine: { deviceConfiguration: { hostName: expect.any(String) } } });
  });

  itWithCorpus('<properties> of the root <testsuites> describe the environment (xunit.xml)', async () => {
    const runs = (await importCorpus('publish-unit-test-result-action/junit-xml/xunit/xunit.xml')).filter((e) => e.kind === 'run');
    expect(runs).toContainEqual({ kind: 'run', environment: { skipped: '1', date: '2021-03-05', 'nunit-version': 'xUnit.net 2.4.1.0', 'clr-version': expect.any(String), result: 'Success' } });
  });
});

describe('streaming', () => {
  itWithCorpus('reads the same whatever the chunking, multi-byte characters split included', async () => {
    const bytes = readFileSync(CORPUS + 'publish-unit-test-result-action/junit-xml/unsupported-unicode.xml');
    const whole = await importXml(bytes);
    for (const size of [1, 3, 7, 64]) {
      const pieces: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
      expect(await importXml(...pieces)).toEqual(whole);
    }
  });

  it("yields a suite's cases when the suite ends, before the rest of the file has arrived", async () => {
    // A suite's cases are held until it ends: a repeated test case later in the suite may be a retry.
    let released: () => void = () => {};
    const gate = new Promise<void>((resolve) => (released = resolve));
    const report = '<testsuites><testsuite name="one"><testcase name="a"/><testcase name="b"/></testsuite><testsuite name="two"><testcase name="c"/></testsuite></testsuites>';
    const cut = report.indexOf('<testsuite name="two">');
    async function* slowly() {
      yield report.slice(0, cut);
      await gate;
      yield report.slice(cut);
    }
    const iterator = junitImporter.parse(slowly())[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value).toMatchObject({ kind: 'case', case: { name: 'a' } });
    expect((await iterator.next()).value).toMatchObject({ kind: 'case', case: { name: 'b' } });
    released();
    const rest: ImportEvent[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest.push(r.value);
    expect(casesOf(rest).map((c) => c.case.name)).toEqual(['c']);
  });
});

describe('malformed input is an ImportError with file, line and column', () => {
  it('truncated XML points just past the end', async () => {
    const e = await failure('<testsuites>\n  <testsuite name="a">\n    <testcase name="x">');
    expect(e).toMatchObject({ file: 'report.xml', line: 3, column: 24 });
    expect(e.message).toMatch(/unexpected end of file \(truncated XML\?\): unclosed tag: testcase/);
  });

  it('a file cut before any complete test case is refused', async () => {
    const e = await failure('<testsuites>\n  <testsuite name="a">\n    <testcase name="x"><failure>boom');
    expect(e).toMatchObject({ file: 'report.xml', line: 3 });
    expect(e.message).toMatch(/unexpected end of file \(truncated XML\?\)/);
  });
});

describe('a report cut off mid-write keeps what is complete', () => {
  itWithCorpus('pytest corrupt-xml.xml: its one complete case, and the suite it ends in, where the origin says (line 11, column 22)', async () => {
    const events = await importCorpus('publish-unit-test-result-action/junit-xml/pytest/corrupt-xml.xml');
    expect(casesOf(events).map((c) => c.case.name)).toEqual(['test_check_shape_compatibility']);
    const message = 'report.xml ends on line 11, column 22, inside suite "pytest" (cut off mid-write?): 1 complete test case read, 1 of them in this suite; the rest of the report is missing';
    expect(events.filter((e) => e.kind === 'incomplete')).toEqual([{ kind: 'incomplete', suite: expect.objectContaining({ name: 'pytest' }), message }]);
    expect(events.filter((e) => e.kind === 'warning')).toEqual([{ kind: 'warning', warning: { code: 'truncated', message, line: 11, column: 22 } }]);
  });

  it('closes every open suite: cases of an outer suite and of the nested one it was cut in are kept', async () => {
    const events = await importXml('<testsuites>\n<testsuite name="outer"><testcase name="a"/>\n<testsuite name="inner"><testcase name="b"/><testcase name="c"><system-out>partial');
    expect(casesOf(events).map((c) => [c.suite.name, c.case.name])).toEqual([['inner', 'b'], ['outer', 'a']]);
    expect(events.filter((e) => e.kind === 'incomplete').map((e) => e.kind === 'incomplete' && e.message)).toEqual([expect.stringMatching(/^report\.xml ends on line 3, column \d+, inside suite "inner" .*: 2 complete test cases read, 1 of them in this suite/)]);
  });

  it('a NUL byte, even split across chunks', async () => {
    expect(await failure('<testsuites>\n  <testsuite name="a">\n    <testcase name="x\0y"/>')).toMatchObject({ line: 3, column: 22, message: expect.stringMatching(/NUL byte/) });
    expect(await failure('<testsuites>\n  <testsuite ', 'name="a">\n  ab\0')).toMatchObject({ line: 3, column: 5 });
  });

  it('bytes that are not UTF-8, naming the declared encoding', async () => {
    const latin1 = new Uint8Array([...encode('<?xml version="1.0" encoding="ISO-8859-1"?>\n<testsuite name="caf'), 0xe9, ...encode('"/>')]);
    const e = await failure(latin1);
    expect(e).toMatchObject({ line: 2, column: 21 });
    expect(e.message).toMatch(/invalid UTF-8.*ISO-8859-1/);
    expect((await failure(encode('<testsuite name="a"/>'), new Uint8Array([0xe2, 0x82]))).message).toMatch(/ends inside a multi-byte character/);
  });

  it('binary input', async () => {
    expect(await failure(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toMatchObject({ line: 1, column: 1 });
    expect((await failure('\u001f\u008b\b\u0000 gzip')).message).toMatch(/not an XML document/);
  });

  it('UTF-16', async () => {
    expect((await failure(new Uint8Array([0xff, 0xfe, 0x3c, 0x00]))).message).toMatch(/UTF-16/);
  });

  it.each([[[]], [['']], [[new Uint8Array(0)]], [[' \r\n\t ']]])('an empty file %j', async (chunks) => {
    expect(await failure(...chunks)).toMatchObject({ message: expect.stringMatching(/empty file/), line: 1, column: 1 });
  });

  itWithCorpus('text that is not XML (xml/non-xml.xml)', async () => {
    expect(await failure(readFileSync(CORPUS + 'publish-unit-test-result-action/xml/non-xml.xml'))).toMatchObject({ line: 1, column: 1, message: expect.stringMatching(/not an XML document/) });
  });

  it('XML that is not JUnit, at its root element', async () => {
    const e = await failure('<?xml version="1.0"?>\n\n  <assemblies>');
    expect(e).toMatchObject({ line: 3, column: 3 });
    expect(e.message).toBe('not a JUnit XML report: the root element is <assemblies>, expected <testsuites> or <testsuite>');
  });

  it('broken nesting and a second root', async () => {
    expect(await failure('<testsuites>\n<testsuite>\n</testsuites>')).toMatchObject({ line: 3, message: expect.stringMatching(/malformed XML/) });
    expect(await failure('<testsuites/>\n<testsuites/>')).toMatchObject({ line: 2 });
  });
});

describe('entities and DOCTYPE', () => {
  it('refuses any DOCTYPE (a billion-laughs bomb fails fast)', async () => {
    const lol = '<!ENTITY lol "lol">' + Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('');
    const started = Date.now();
    const e = await failure(`<?xml version="1.0"?><!DOCTYPE testsuites [${lol}]><testsuites><testsuite name="&lol9;"/></testsuites>`);
    expect(e.message).toMatch(/DOCTYPE declarations are not accepted/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('never resolves an external entity', async () => {
    expect((await failure('<!DOCTYPE testsuites SYSTEM "http://127.0.0.1:9/x.dtd"><testsuites><testsuite name="&xxe;"/></testsuites>')).message).toMatch(/DOCTYPE declarations are not accepted/);
    expect((await failure('<testsuites><testsuite name="&xxe;"/></testsuites>')).message).toMatch(/undefined entity.*never resolved/);
  });

  itWithCorpus('the XXE probes of the Jenkins corpus', async () => {
    expect((await failure(readFileSync(CORPUS + 'jenkins-junit-plugin/resources/testXxe-xxe.xml'))).message).toMatch(/DOCTYPE declarations are not accepted/);
    expect(await failure(readFileSync(CORPUS + 'jenkins-junit-plugin/resources/testXxe-oob.xml'))).toBeInstanceOf(ImportError);
  });

  it('refuses a DOCTYPE even without declarations: one policy for every XML format', async () => {
    expect((await failure('<!DOCTYPE testsuites><testsuites><testsuite name="a"><testcase name="b"/></testsuite></testsuites>')).message).toMatch(/DOCTYPE declarations are not accepted/);
  });
});
