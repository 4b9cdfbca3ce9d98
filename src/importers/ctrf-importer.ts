/**
 * CTRF, the Common Test Report Format (https://ctrf.io, JSON, specVersion 1.x).
 *
 * A CTRF report is one JSON document, so unlike the XML importers this one reads it whole before
 * yielding anything; the upload size limit of the HTTP layer bounds it. The document is validated
 * against the CTRF schema first (unknown fields outside `extra`, bad enums and missing required fields
 * are rejected, as the spec's consumer conformance rules require), then mapped test by test.
 */
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { AttemptDocument, CaseDocument, InputResult, StepDocument } from '../core/document.js';
import { ctrfSchema } from './ctrf/ctrf-schema.js';
import type { CtrfDocument, CtrfStatus, CtrfTest } from './ctrf/ctrf-types.js';
import { ImportError, type ImportEvent, type Importer, type ImportOptions, type SuiteInfo } from './importer.js';
import { decodeUtf8 } from './utf8-chunks.js';
import { parseJsonReport } from './ctrf/json-text.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module namespace.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const validate = (() => {
  const ajv = new Ajv();
  addFormats(ajv);
  return ajv.compile<CtrfDocument>(ctrfSchema);
})();

/** The schema check alone, as the CTRF conformance suite (which targets the schema) expects it. */
export function isValidCtrf(document: unknown): boolean {
  return validate(document);
}

/**
 * One deviation real reporters write is accepted: `suite` as a plain string instead of the schema's
 * array (jest-ctrf-json-reporter, the most used CTRF reporter, writes it so). It becomes a one-level
 * path; everything else must conform to the schema.
 */
function tolerateKnownQuirks(document: unknown): unknown {
  const tests = (document as { results?: { tests?: unknown } } | null)?.results?.tests;
  if (Array.isArray(tests)) {
    for (const test of tests) {
      if (test && typeof test === 'object' && typeof (test as { suite?: unknown }).suite === 'string') (test as { suite: unknown }).suite = [(test as { suite: string }).suite];
    }
  }
  return document;
}

/** The major version this importer understands; the spec says to reject other majors. */
const SUPPORTED_MAJOR = 1;

/**
 * `other` is what a tool reports when none of the four fits (Playwright's "interrupted", unknown
 * states): the test did not reach a verdict, which is what ABORTED means here.
 */
const STATUSES = {
  passed: 'SUCCESS',
  failed: 'FAILURE',
  skipped: 'SKIPPED',
  pending: 'SKIPPED',
  other: 'ABORTED',
} as const satisfies Record<CtrfStatus, InputResult>;

export const ctrfImporter: Importer = {
  format: 'ctrf',
  detect: (head) => /^\uFEFF?\s*\{/.test(head) && /"reportFormat"\s*:\s*"CTRF"|"results"\s*:\s*\{\s*"tool"\s*:/.test(head),
  parse: parseCtrf,
};

async function* parseCtrf(chunks: AsyncIterable<Uint8Array | string>, options?: ImportOptions): AsyncGenerator<ImportEvent> {
  const file = options?.fileName;
  let text = '';
  for await (const chunk of decodeUtf8(chunks, options)) text += chunk;
  if (text.trim() === '') throw new ImportError('report is empty', file);

  const document = tolerateKnownQuirks(parseJsonReport(text, file));
  if (!validate(document)) throw new ImportError(`not a valid CTRF report: ${describe(validate.errors ?? [])}`, file);
  const major = Number(document.specVersion.split('.')[0]);
  if (major > SUPPORTED_MAJOR) throw new ImportError(`CTRF specVersion ${document.specVersion} is not supported (this server reads 1.x)`, file);

  const { tool, summary, environment } = document.results;
  const runEnvironment: Record<string, string> = { tool: tool.name };
  if (tool.version !== undefined) runEnvironment.toolVersion = tool.version;
  for (const [key, value] of Object.entries(environment ?? {})) if (key !== 'extra') runEnvironment[key] = String(value);
  if (document.runId !== undefined) runEnvironment.runId = document.runId;
  yield {
    kind: 'run',
    environment: runEnvironment,
    startTime: new Date(summary.start).toISOString(),
    duration: summary.duration ?? (summary.stop >= summary.start ? summary.stop - summary.start : null),
  };

  const suites = new Map<string, SuiteInfo>();
  for (const test of document.results.tests) {
    // CTRF has no suite element: the suite path, else the file, names the group.
    const suiteName = test.suite?.join(' > ') ?? test.filePath ?? tool.name;
    let suite = suites.get(suiteName);
    if (suite === undefined) suites.set(suiteName, (suite = { name: suiteName }));
    yield { kind: 'case', suite, case: toCase(test) };
  }
}

function toCase(test: CtrfTest): CaseDocument {
  const attempts = earlierAttempts(test);
  return {
    name: test.name,
    result: STATUSES[test.status],
    message: test.message ?? null,
    stackTrace: test.trace ?? null,
    systemOut: test.stdout?.join('\n') ?? null,
    systemErr: test.stderr?.join('\n') ?? null,
    duration: test.duration,
    startTime: test.start !== undefined ? new Date(test.start).toISOString() : null,
    endTime: test.stop !== undefined ? new Date(test.stop).toISOString() : null,
    // The spec's stable identifier for the logical test, when the producer gives one.
    identity: test.testId ?? null,
    steps: test.steps?.map((step): StepDocument => ({ action: step.name, result: STATUSES[step.status] })) ?? null,
    attempts: attempts.length > 0 ? attempts : null,
    flaky: test.flaky ?? (test.status === 'passed' && attempts.some((a) => a.result === 'FAILURE') ? true : null),
    properties: properties(test),
  };
}

/**
 * `retryAttempts` may or may not include the final execution (the spec's own examples do, while
 * `retries` "SHOULD equal" their count). The last attempt is the final one when it has the test's
 * status and there are more attempts than retries.
 */
function earlierAttempts(test: CtrfTest): AttemptDocument[] {
  const sorted = [...(test.retryAttempts ?? [])].sort((a, b) => a.attempt - b.attempt);
  const last = sorted.at(-1);
  if (last && last.status === test.status && (test.retries === undefined || sorted.length > test.retries)) sorted.pop();
  return sorted.map((attempt) => ({
    result: STATUSES[attempt.status],
    message: attempt.message ?? null,
    duration: attempt.duration ?? null,
    stackTrace: attempt.trace ?? null,
  }));
}

/** Small facts only; attachments, screenshots, snippets, insights and `extra` are not kept. */
function properties(test: CtrfTest): Record<string, string> | null {
  const facts: Record<string, string> = {};
  const scalars = ['filePath', 'line', 'type', 'rawStatus', 'browser', 'device', 'threadId', 'executionId', 'retries'] as const;
  for (const key of scalars) if (test[key] !== undefined) facts[key] = String(test[key]);
  if (test.tags && test.tags.length > 0) facts.tags = test.tags.join(', ');
  for (const [key, value] of Object.entries(test.labels ?? {})) facts[`label.${key}`] = Array.isArray(value) ? value.join(', ') : String(value);
  for (const [key, value] of Object.entries(test.parameters ?? {})) facts[`parameter.${key}`] = typeof value === 'string' ? value : JSON.stringify(value);
  return Object.keys(facts).length > 0 ? facts : null;
}

function describe(errors: readonly ErrorObject[]): string {
  const [first] = errors;
  if (!first) return 'schema validation failed';
  const where = first.instancePath || '(document)';
  const extra = first.keyword === 'additionalProperties' ? ` ('${String(first.params.additionalProperty)}')` : '';
  return `${where} ${first.message ?? 'is invalid'}${extra}`;
}
