/**
 * The CTRF normative conformance suite (ctrf-spec/tests/, which targets the schema): the schema check
 * accepts exactly the documents listed as valid and rejects every one listed as invalid. The importer
 * imports every valid document without a warning; of the invalid ones it refuses only those that leave
 * no tests to read (issue 12: a schema violation that loses no meaning is read, and said) and imports
 * every other one with at least one warning, never silently.
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

  /** The rule, applied by hand: no `results` object, no `results.tests` list, no test object in it, or another reportFormat. */
  const REFUSED = [
    'Missing results - invalid',
    'Missing tests array - invalid',
    'Invalid reportFormat value - invalid',
    'Document with invalid reportFormat enumeration value',
    'Document missing required results property',
    'Results object missing required tests property',
    'Document with reportFormat as number instead of string',
    'Document with results as array instead of object',
    'Results with tests as object instead of array',
    'Test array containing non-object item',
  ];

  it.each(cases.filter((c) => c.valid).map((c) => [`${c.suiteFile}: ${c.description}`, c.text]))('imports %s without a warning', async (_, text) => {
    const { cases: imported, events } = await collect(importers.ctrf, chunksOf(text));
    expect(imported.length).toBe((JSON.parse(text) as { results: { tests: unknown[] } }).results.tests.length);
    expect(events.filter((e) => e.kind === 'warning')).toEqual([]);
  });

  it.each(cases.filter((c) => !c.valid).map((c) => [`${c.suiteFile}: ${c.description}`, c.description, c.text]))('schema rejects %s; the importer refuses it or reads it with a warning', async (_, description, text) => {
    expect(isValidCtrf(JSON.parse(text))).toBe(false);
    const outcome = await collect(importers.ctrf, chunksOf(text)).catch((e: unknown) => e);
    if (REFUSED.includes(description)) {
      expect(outcome).toBeInstanceOf(ImportError);
      expect((outcome as ImportError).message).toMatch(/^not a CTRF report: /);
    } else {
      expect(outcome).not.toBeInstanceOf(Error);
      const { events } = outcome as Awaited<ReturnType<typeof collect>>;
      expect(events.filter((e) => e.kind === 'warning').length, description).toBeGreaterThan(0);
    }
  });

  it('refuses exactly the documents the rule names', () => {
    const descriptions = new Set(cases.filter((c) => !c.valid).map((c) => c.description));
    for (const d of REFUSED) expect(descriptions.has(d), d).toBe(true);
  });
});
