/**
 * CTRF, the Common Test Report Format (https://ctrf.io, JSON, specVersion 1.x).
 *
 * A CTRF report is one JSON document, so unlike the XML importers this one reads it whole before
 * yielding anything; the upload size limit of the HTTP layer bounds it. The document is checked against
 * the CTRF schema (so every deviation is known), then read leniently (ctrf/ctrf-reading.ts): what real
 * reporters write that the schema forbids but whose meaning is clear (a `suite` string, fractional
 * durations, attempts without numbers, no header) is read and reported as warnings. Only a document
 * without tests to read is refused.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ctrfSchema } from './ctrf/ctrf-schema.js';
import { readCtrf } from './ctrf/ctrf-reading.js';
import { parseJsonReport } from './ctrf/json-text.js';
import { ImportError, type ImportEvent, type Importer, type ImportOptions, type SuiteInfo } from './importer.js';
import { decodeUtf8 } from './utf8-chunks.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module namespace.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const validate = (() => {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  return ajv.compile(ctrfSchema);
})();

/** The schema check alone, as the CTRF conformance suite (which targets the schema) expects it. */
export function isValidCtrf(document: unknown): boolean {
  return validate(document);
}

export const ctrfImporter: Importer = {
  format: 'ctrf',
  // Older reporters write no reportFormat: `results` with `tool` or `tests` tells CTRF too.
  detect: (head) => /^\uFEFF?\s*\{/.test(head) && /"reportFormat"\s*:\s*"CTRF"|"results"\s*:\s*\{\s*"(tool|summary|tests)"\s*:/.test(head),
  parse: parseCtrf,
};

async function* parseCtrf(chunks: AsyncIterable<Uint8Array | string>, options?: ImportOptions): AsyncGenerator<ImportEvent> {
  const file = options?.fileName;
  let text = '';
  for await (const chunk of decodeUtf8(chunks, options)) text += chunk;
  if (text.trim() === '') throw new ImportError('report is empty', file);

  const document = parseJsonReport(text, file);
  const valid = validate(document);
  const reading = readCtrf(document, file);
  yield { kind: 'run', ...reading.run };
  for (const warning of reading.deviations.warnings(valid ? [] : (validate.errors ?? []))) yield { kind: 'warning', warning };
  const suites = new Map<string, SuiteInfo>();
  for (const { suite: name, case: testCase } of reading.tests) {
    let suite = suites.get(name);
    if (suite === undefined) suites.set(name, (suite = { name }));
    yield { kind: 'case', suite, case: testCase };
  }
}
