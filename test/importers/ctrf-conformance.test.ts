/**
 * The CTRF normative conformance suite (ctrf-spec/tests/): every document listed as valid is imported,
 * every one listed as invalid is rejected with an ImportError. 19 valid and 149 invalid documents.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError, importers } from '../../src/importers/index.js';
import { CORPUS, chunksOf, collect } from './support.js';

interface ConformanceCase {
  description: string;
  valid: boolean;
  data?: unknown;
  /** Relative to the suite file. */
  dataPath?: string;
}

const TESTS = `${CORPUS}ctrf-spec/tests/`;
const suiteFiles = ['ctrf.test.json', ...readdirSync(`${TESTS}normative`).map((name) => `normative/${name}`)];
const cases = suiteFiles.flatMap((suiteFile) => {
  const suite: { tests: ConformanceCase[] } = JSON.parse(readFileSync(`${TESTS}${suiteFile}`, 'utf8'));
  return suite.tests.map((test) => {
    const text = test.dataPath ? readFileSync(new URL(test.dataPath, `file://${TESTS}${suiteFile}`), 'utf8') : JSON.stringify(test.data);
    return { suiteFile, ...test, text };
  });
});

describe('CTRF conformance suite', () => {
  it('has the documents the corpus README announces', () => {
    expect(cases.filter((c) => c.valid)).toHaveLength(19);
    expect(cases.filter((c) => !c.valid)).toHaveLength(149);
  });

  it.each(cases.filter((c) => c.valid).map((c) => [`${c.suiteFile}: ${c.description}`, c.text]))('accepts %s', async (_, text) => {
    const { cases: imported } = await collect(importers.ctrf, chunksOf(text));
    expect(imported.length).toBe((JSON.parse(text) as { results: { tests: unknown[] } }).results.tests.length);
  });

  it.each(cases.filter((c) => !c.valid).map((c) => [`${c.suiteFile}: ${c.description}`, c.text]))('rejects %s', async (_, text) => {
    await expect(collect(importers.ctrf, chunksOf(text))).rejects.toThrow(ImportError);
  });
});
