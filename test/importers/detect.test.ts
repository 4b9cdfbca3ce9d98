/** detectFormat over the corpus: each report goes to exactly its importer, and nothing else is claimed. */
import { readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILE_FORMATS, detectFormat, importers } from '../../src/importers/index.js';
import { HAS_CORPUS, itWithCorpus } from '../helpers/corpus.js';
import { CORPUS, headOf } from './support.js';

const ACTION = 'publish-unit-test-result-action';

function reportsUnder(folder: string, pattern: RegExp): string[] {
  if (!HAS_CORPUS) return [];
  return readdirSync(`${CORPUS}${folder}`).flatMap((name) => {
    const path = `${folder}/${name}`;
    if (statSync(`${CORPUS}${path}`).isDirectory()) return reportsUnder(path, pattern);
    return pattern.test(name) ? [path] : [];
  });
}

/** Files of the JUnit folders that are no JUnit report at all. */
const NOT_JUNIT = new Set([
  `${ACTION}/junit-xml/non-junit.xml`,
  'jenkins-junit-plugin/not-a-junit-report/junitResult.xml',
  'jenkins-junit-plugin/resources/testXxe-oob.xml',
  'jenkins-junit-plugin/resources/testXxe-xxe.xml',
]);

const byFormat = {
  trx: reportsUnder(`${ACTION}/trx`, /\.trx$/),
  nunit: reportsUnder(`${ACTION}/nunit`, /\.xml$/).filter((f) => !f.endsWith('NUnit-issue47367.xml')),
  xunit: reportsUnder(`${ACTION}/xunit`, /\.xml$/),
  ctrf: reportsUnder('ctrf-spec/examples', /\.json$/),
  junit: [...reportsUnder(`${ACTION}/junit-xml`, /\.xml$/), ...reportsUnder('jenkins-junit-plugin', /\.xml$/)].filter((f) => !NOT_JUNIT.has(f)),
};

describe('detectFormat', () => {
  it('has one importer per format, each naming its own format', () => {
    for (const format of FILE_FORMATS) expect(importers[format].format).toBe(format);
  });

  for (const [format, files] of Object.entries(byFormat)) {
    itWithCorpus(`detects all ${files.length} ${format} reports of the corpus`, () => {
      const misdetected = files.filter((file) => detectFormat(headOf(file)) !== format);
      expect(files.length).toBeGreaterThan(0);
      expect(misdetected).toEqual([]);
    });
  }

  it.each([
    ['', undefined],
    ['this is not an xml file', undefined],
    ['{"stats":{"tests":1},"tests":[],"passes":[]}', undefined],
    ['<html><body>502 Bad Gateway</body></html>', undefined],
    ['\uFEFF<?xml version="1.0"?>\n<!-- produced by nunit -->\n<test-run id="2">', 'nunit'],
    ['<test-results name="x">', 'nunit'],
    ['<test-suite type="Assembly" name="A.dll">', 'nunit'],
    ['<assemblies>', 'xunit'],
    ['<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">', 'trx'],
    ['<TestRun>', undefined],
    ['{\n  "reportFormat": "CTRF", "specVersion": "1.0.0", "results": {', 'ctrf'],
    ['{"results":{"tool":{"name":"jest"},', 'ctrf'],
  ])('%j is %s', (head, expected) => {
    expect(detectFormat(head)).toBe(expected);
  });

  itWithCorpus.each([...NOT_JUNIT])('claims no format for %s', (file) => {
    expect(detectFormat(headOf(file))).toBeUndefined();
  });

  itWithCorpus('sees through a DOCTYPE so that an XXE probe reaches an importer that refuses it', () => {
    expect(detectFormat(headOf(`${ACTION}/nunit/nunit3/jenkins/NUnit-sec1752-https.xml`))).toBe('nunit');
  });
});
