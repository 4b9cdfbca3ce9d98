/**
 * Every non-JUnit file of the real-report corpus, read the way its producer meant: counts against
 * expected.json (per its counts_basis), expected parse errors, and a reason for every other file.
 */
import { readdirSync, statSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ImportError, detectFormat, importers, type FileFormat as ReportFormat } from '../../src/importers/index.js';
import { HAS_CORPUS, describeWithCorpus } from '../helpers/corpus.js';
import { CORPUS, bucketOf, collect, corpusChunks, expectedEntries, expectedFor, headOf, type ExpectedEntry } from './support.js';

const ACTION = 'publish-unit-test-result-action';
const FOLDERS = ['trx', 'nunit', 'xunit', 'dart', 'mocha', 'json', 'xml'].map((f) => `${ACTION}/${f}`);

/** Files next to a report that record the origin's expectations, not reports themselves. */
const SIDECARS: Record<string, string> = {
  '.results': "the origin's parse of the report next to it (source of expected.json)",
  '.results.json': "the origin's parse as JSON (source of expected.json)",
  '.junit-xml': "the origin's conversion of the report to JUnit",
  '.annotations': "the origin's GitHub annotations for the report",
  '.exception': "the origin's expected parse error for the report next to it",
  'README.md': 'provenance notes',
  '-file.txt': 'the local file the NUnit-sec1752-file XXE probe tries to read',
};

/** Reports in formats Verdict does not read; detectFormat must say so rather than guess. */
const UNSUPPORTED: Record<string, string> = {
  [`${ACTION}/dart/json/tests.json`]:
    'Dart `json` reporter event stream: not a Verdict format (REPORT_FORMATS has no dart entry); Dart users can emit JUnit via junitreport',
  [`${ACTION}/mocha/tests.json`]:
    'Mocha `json` reporter output: not a Verdict format (would widen REPORT_FORMATS); Mocha users can use mocha-junit-reporter or a CTRF reporter',
};

/** Reports the origin itself expects to fail, for reasons outside any single format. */
const MALFORMED = new Set([
  `${ACTION}/json/empty.json`,
  `${ACTION}/json/malformed-json.json`,
  `${ACTION}/json/non-json.json`,
  `${ACTION}/xml/empty.xml`,
  `${ACTION}/xml/non-xml.xml`,
]);

/** XXE probes: the origin's newest expectation resolves nothing and parses; Verdict refuses any DOCTYPE. */
const XXE = new Set([`${ACTION}/nunit/nunit3/jenkins/NUnit-sec1752-file.xml`, `${ACTION}/nunit/nunit3/jenkins/NUnit-sec1752-https.xml`]);

/** The origin reads xUnit's culture-formatted `time="0,014"` as 14 s; Verdict reads 0.014 s. */
const ORIGIN_MISREADS_TIME = new Set([`${ACTION}/xunit/mstest/jenkinsci/testcase3.xml`]);

function filesUnder(folder: string): string[] {
  return readdirSync(`${CORPUS}${folder}`).flatMap((name) => {
    const path = `${folder}/${name}`;
    return statSync(`${CORPUS}${path}`).isDirectory() ? filesUnder(path) : [path];
  });
}

function formatOf(file: string): ReportFormat {
  if (file.endsWith('.trx')) return 'trx';
  return file.includes('/nunit/') ? 'nunit' : 'xunit';
}

const allFiles = HAS_CORPUS ? FOLDERS.flatMap(filesUnder) : [];
const sidecarReason = (file: string) => Object.entries(SIDECARS).find(([suffix]) => file.endsWith(suffix))?.[1];
const reports = allFiles.filter((file) => sidecarReason(file) === undefined);
const countedReports = reports.filter((f) => !UNSUPPORTED[f] && !MALFORMED.has(f) && !XXE.has(f) && !expectedFor(f).parse_error);

describeWithCorpus('corpus accounting', () => {
  it('every file in the non-JUnit folders is a report or a named sidecar', () => {
    for (const file of allFiles) {
      const accounted = sidecarReason(file) ?? UNSUPPORTED[file] ?? expectedFor(file).counts_basis ?? expectedFor(file).parse_error;
      expect(accounted, file).toBeTruthy();
    }
    // 9 TRX, 24 NUnit, 8 xUnit.net, 2 unsupported JSON formats, 5 malformed inputs.
    expect(reports).toHaveLength(48);
  });

  it.each(Object.entries(UNSUPPORTED))('%s is not detected as any format: %s', (file) => {
    expect(statSync(`${CORPUS}${file}`).isFile()).toBe(true);
    expect(detectFormat(headOf(file))).toBeUndefined();
  });
});

describeWithCorpus.each(countedReports)('%s', (file) => {
  const expected = expectedFor(file);

  it('is detected and read with the counts its origin expects', async () => {
    const format = formatOf(file);
    expect(detectFormat(headOf(file))).toBe(format);
    const { cases } = await collect(importers[format], corpusChunks(file), file);
    expectCounts(cases.map((c) => c.case), expected);
    if (!ORIGIN_MISREADS_TIME.has(file) && expected.time_s_sum_of_cases != null) {
      const totalMs = cases.reduce((sum, c) => sum + (c.case.duration ?? 0), 0);
      // Case durations are integer milliseconds: each may be off by half a millisecond.
      expect(Math.abs(totalMs - expected.time_s_sum_of_cases * 1000)).toBeLessThanOrEqual(cases.length * 0.5 + 1);
    }
  });
});

describeWithCorpus('the counts of a second origin (dorny/test-reporter) for the same TRX files', () => {
  const dorny = expectedEntries.filter((e) => e.file?.startsWith('dorny-test-reporter/'));
  it.each(dorny.map((e) => [e.identical_files![0], e] as const))('%s', async (file, expected) => {
    const { cases } = await collect(importers.trx, corpusChunks(file), file);
    // dorny has no error bucket (errors are failures), which is how Verdict counts too.
    expectCounts(cases.map((c) => c.case), { ...expected, errors: 0 });
  });
});

describeWithCorpus('reports the origin expects to fail', () => {
  it.each([
    [`${ACTION}/nunit/nunit3/jenkins/NUnit-issue17521.xml`, 'NUL byte', 33, 16],
    [`${ACTION}/nunit/nunit3/jenkins/NUnit-issue47367.xml`, 'no whitespace between attributes', 5, 109],
  ])('%s fails at the same place as for the origin', async (file, message, line, column) => {
    expect(expectedFor(file).parse_error).toBe(true);
    const error = await failure(importers.nunit, file);
    expect(error.message).toContain(message);
    expect([error.file, error.line, error.column]).toEqual([file, line, column]);
  });

  it.each([...MALFORMED])('%s is no format and fails in every importer that could be asked', async (file) => {
    expect(expectedFor(file).parse_error).toBe(true);
    expect(detectFormat(headOf(file))).toBeUndefined();
    const candidates = file.endsWith('.json') ? [importers.ctrf] : [importers.trx, importers.nunit, importers.xunit];
    for (const importer of candidates) {
      const error = await failure(importer, file);
      expect(error.message).toMatch(/empty|malformed|not an XML document|not a valid CTRF/);
    }
  });

  it.each([...XXE])('%s (XXE probe) is refused at its DOCTYPE, nothing resolved', async (file) => {
    expect(expectedFor(file).note).toMatch(/\.exception/);
    expect(detectFormat(headOf(file))).toBe('nunit');
    const error = await failure(importers.nunit, file);
    expect(error.message).toMatch(/DOCTYPE/);
    expect(error.line).toBe(4);
  });

  it('the not-existing cases test missing files, which is the caller’s business, not an importer’s', () => {
    const missing = expectedEntries.filter((e) => e.file?.includes('not-existing'));
    expect(missing.map((e) => e.parse_error)).toEqual([true, true]);
  });
});

describeWithCorpus('CTRF examples, against the summary their producer wrote', () => {
  const examples = expectedEntries.filter((e) => e.file?.startsWith('ctrf-spec/examples/'));
  it.each(examples.map((e) => [e.file!, e] as const))('%s', async (file, expected) => {
    expect(detectFormat(headOf(file))).toBe('ctrf');
    const { cases, runs } = await collect(importers.ctrf, corpusChunks(file), file);
    const buckets = cases.map((c) => c.case.result);
    expect(cases).toHaveLength(expected.tests!);
    expect(buckets.filter((r) => r === 'SUCCESS')).toHaveLength(expected.passed!);
    expect(buckets.filter((r) => r === 'FAILURE')).toHaveLength(expected.failures!);
    expect(buckets.filter((r) => r === 'SKIPPED')).toHaveLength(expected.skipped! + expected.pending!);
    expect(buckets.filter((r) => r === 'ABORTED')).toHaveLength(expected.other!);
    expect(cases.filter((c) => c.case.flaky)).toHaveLength(expected.flaky ?? 0);
    expect(runs[0]).toMatchObject({ duration: expected.time_ms, environment: { tool: expected.tool } });
  });
});

/**
 * counts_basis "per case the origin picks error > failure > skipped > success": Verdict has no error
 * result, so failures + errors are FAILURE, and errors are those whose raw outcome is "Error"; the one
 * ABORTED case of the corpus (TRX outcome Aborted) is counted by the origin among the skipped.
 */
function expectCounts(cases: Array<{ result?: unknown; properties?: Record<string, string> | null }>, expected: ExpectedEntry) {
  const buckets = cases.map((c) => bucketOf(c.result as never));
  const count = (...wanted: string[]) => buckets.filter((b) => wanted.includes(b)).length;
  expect({
    tests: cases.length,
    passed: count('passed'),
    failuresAndErrors: count('failed'),
    errors: cases.filter((c) => c.properties?.outcome === 'Error').length,
    skipped: count('skipped', 'aborted'),
  }).toEqual({
    tests: expected.tests,
    passed: expected.passed,
    failuresAndErrors: expected.failures! + (expected.errors ?? 0),
    errors: expected.errors ?? 0,
    skipped: expected.skipped,
  });
}

async function failure(importer: (typeof importers)[ReportFormat], file: string): Promise<ImportError> {
  const error = await collect(importer, corpusChunks(file), file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}
