/** Helpers for the import tests: corpus bodies, multipart bodies, row counts. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Store } from '../../src/store/dialect.js';
import { CORPUS } from '../helpers/corpus.js';

export { CORPUS };
export const PYTEST_FAIL = 'publish-unit-test-result-action/junit-xml/pytest/junit.fail.xml'; // 5: 3 passed, 1 failed, 1 skipped
export const PYTEST_ELASTIC = 'publish-unit-test-result-action/junit-xml/pytest/junit.gloo.elastic.xml'; // 14: 10 passed, 4 skipped
export const NUNIT_HEALTH = 'publish-unit-test-result-action/nunit/nunit3/jenkins/NUnit-healthReport.xml'; // 10: 9 passed, 1 failed
export const TRUNCATED = 'publish-unit-test-result-action/junit-xml/pytest/corrupt-xml.xml'; // 1 complete case, then cut off (line 11, column 22)
/** Cut off inside its root tag: nothing to recover, a 400 (test/fixtures/handwritten). */
export const CUT_IN_ROOT = fileURLToPath(new URL('../fixtures/handwritten/truncated-in-root-tag.xml', import.meta.url));

export const corpus = (file: string) => readFileSync(`${CORPUS}${file}`);
export const baseName = (file: string) => file.split('/').at(-1)!;

/** A multipart/form-data body with one file part per entry. */
export function multipartBody(files: { name: string; content: Buffer | string; type?: string }[], boundary = 'verdict-test-boundary') {
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Rows per result table: what "nothing stored" compares. */
export async function rowCounts(store: Store) {
  const out: Record<string, number> = {};
  for (const t of ['test_plans', 'test_runs', 'machine_results', 'suite_results', 'case_results', 'step_results', 'test_cases', 'test_suites'] as const) {
    const r = await store.db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    out[t] = Number(r.n);
  }
  return out;
}
