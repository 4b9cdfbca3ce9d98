/**
 * The CTRF normative conformance suite (ctrf-spec/tests/, which targets the schema): every document
 * listed as valid passes the schema check and is imported; every one listed as invalid fails the schema
 * check, and the importer rejects it with an ImportError, except the one deviation real reporters write
 * that Verdict tolerates on purpose (`suite` as a string, see ctrf-importer.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import { isValidCtrf } from '../../src/importers/ctrf-importer.js';
import { ImportError, importers } from '../../src/importers/index.js';
import { HAS_CORPUS, describeWithCorpus } from '../helpers/corpus.js';
import { CORPUS, chunksOf, collect } from './support.js';

interface ConformanceCase {
  description: string;
  valid: boolean;
  data?: unknown;
  /** Relative to the suite file. */
  dataPath?: string;
}

const TESTS = `${CORPUS}ctrf-spec/tests/`;
const suiteFiles = HAS_CORPUS ? ['ctrf.test.json', ...readdirSync(`${TESTS}normative`).map((name) => `normative/${name}`)] : [];
const cases = suiteFiles.flatMap((suiteFile) => {
  const suite: { tests: ConformanceCase[] } = JSON.parse(readFileSync(`${TESTS}${suiteFile}`, 'utf8'));
  return suite.tests.map((test) => {
    const text = test.dataPath ? readFileSync(new URL(test.dataPath, `file://${TESTS}${suiteFile}`), 'utf8') : JSON.stringify(test.data);
    return { suiteFile, ...test, text };
  });
});

describeWithCorpus('CTRF conformance suite', () => {
  it('has the documents the corpus README announces', () => {
    expect(cases.filter((c) => c.valid)).toHaveLength(19);
    expect(cases.filter((c) => !c.valid)).toHaveLength(149);
  });

  it.each(cases.filter((c) => c.valid).map((c) => [`${c.suiteFile}: ${c.description}`, c.text]))('accepts %s', async (_, text) => {
    const { cases: imported } = await collect(importers.ctrf, chunksOf(text));
    expect(imported.length).toBe((JSON.parse(text) as { results: { tests: unknown[] } }).results.tests.length);
  });

  const TOLERATED = (text: string) => {
    const tests = (JSON.parse(text) as { results?: { tests?: { suite?: unknown }[] } }).results?.tests;
    return Array.isArray(tests) && tests.some((t) => typeof t?.suite === 'string');
  };

  it.each(cases.filter((c) => !c.valid).map((c) => [`${c.suiteFile}: ${c.description}`, c.text]))('rejects %s', async (_, text) => {
    expect(isValidCtrf(JSON.parse(text))).toBe(false);
    if (TOLERATED(text)) await expect(collect(importers.ctrf, chunksOf(text))).resolves.toBeDefined();
    else await expect(collect(importers.ctrf, chunksOf(text))).rejects.toThrow(ImportError);
  });

  it('tolerates exactly one invalid document of the suite: suite as a string', () => {
    expect(cases.filter((c) => !c.valid && TOLERATED(c.text)).map((c) => c.description)).toHaveLength(1);
  });
});
