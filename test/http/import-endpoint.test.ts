/**
 * POST /api/v3/imports (and v2): raw, gzip and multipart bodies into one run, shards by run key,
 * and the failures: a malformed report (400, nothing stored), too large (413), unknown format or type.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { createApiKey } from '../../src/auth/api-keys.js';
import { recountRun } from '../../src/ingest/index.js';
import { DATABASES, freshStore } from '../helpers/databases.js';
import { NOW, testApp } from '../helpers/app.js';
import { itWithCorpus } from '../helpers/corpus.js';
import { CUT_IN_ROOT, NUNIT_HEALTH, PYTEST_ELASTIC, PYTEST_FAIL, TRUNCATED, baseName, corpus, multipartBody, rowCounts } from './import-support.js';

type T = Awaited<ReturnType<typeof testApp>>;
const xml = { 'content-type': 'application/xml' };

function upload(t: T, query: string, payload: Buffer | string, headers: Record<string, string> = xml) {
  return t.app.inject({ method: 'POST', url: `/api/v3/imports?${query}`, headers: { ...t.auth, ...headers }, payload });
}

describe.each(DATABASES)('POST /imports on %s', (kind) => {
  let t: T;
  beforeAll(async () => {
    t = await testApp(kind);
  });
  afterAll(() => t.close());

  itWithCorpus('imports a raw JUnit body into a new run and answers with the run and a summary', async () => {
    const res = await upload(t, 'plan=raw&build=41&machine=linux-runner', corpus(PYTEST_FAIL), { ...xml, 'content-disposition': 'attachment; filename="junit.fail.xml"' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ testPlanName: 'raw', buildNo: '41', result: 'FAILURE', status: 'STATUS_COMPLETED' });
    expect(body.metrics).toMatchObject({ totalCount: 5, passedCount: 3, failedCount: 1, notExecutedCount: 1, skippedCount: 1 });
    expect(body.import).toEqual({ created: true, duplicate: false, files: [{ name: 'junit.fail.xml', format: 'junit', cases: 5 }], cases: 5, formats: ['junit'], warnings: [] });
    const machines = (await t.get(`/api/v3/test_runs/${body.id}/test_machine_results`)).json();
    expect(machines.content.map((m: { deviceConfiguration: { title: string } }) => m.deviceConfiguration.title)).toEqual(['linux-runner']);
    // The JUnit suite's timestamp and time become the run's times.
    expect(body.startTime).toBe('2020-09-04T16:18:04Z');
    expect(body.duration).toBeGreaterThan(0);
  });

  itWithCorpus('works under /api/v2 too, and names the machine after the report host by default', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v2/imports?plan=v2', headers: { ...t.auth, ...xml }, payload: corpus(PYTEST_FAIL) });
    expect(res.statusCode).toBe(201);
    const machine = (await t.get(`/api/v3/test_runs/${res.json().id}/test_machine_results`)).json().content[0];
    expect(machine.deviceConfiguration).toMatchObject({ title: '3f909e363d82', hostName: '3f909e363d82' });
  });

  itWithCorpus('decompresses Content-Encoding: gzip, and gzip bytes sent without the header', async () => {
    const zipped = gzipSync(corpus(PYTEST_ELASTIC));
    const declared = await upload(t, 'plan=gzip', zipped, { ...xml, 'content-encoding': 'gzip' });
    expect(declared.statusCode).toBe(201);
    expect(declared.json().metrics).toMatchObject({ totalCount: 14, passedCount: 10, skippedCount: 4 });
    const sniffed = await upload(t, 'plan=gzip-sniffed', zipped, { 'content-type': 'application/octet-stream' });
    expect(sniffed.statusCode).toBe(201);
    expect(sniffed.json().metrics.totalCount).toBe(14);
  });

  itWithCorpus('puts several multipart files, of different formats, into one run and one machine', async () => {
    const { payload, contentType } = multipartBody([
      { name: 'a.xml', content: corpus(PYTEST_FAIL) },
      { name: 'b.xml.gz', content: gzipSync(corpus(PYTEST_ELASTIC)) },
      { name: 'nunit.xml', content: corpus(NUNIT_HEALTH) },
    ]);
    const res = await upload(t, 'plan=multi&machine=m1&env=branch=main&env=commit=abc123', payload, { 'content-type': contentType });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.import).toMatchObject({ cases: 29, formats: ['junit', 'nunit'] });
    expect(body.import.files.map((f: { name: string; cases: number }) => [f.name, f.cases])).toEqual([['a.xml', 5], ['b.xml.gz', 14], ['nunit.xml', 10]]);
    expect(body.metrics).toMatchObject({ totalCount: 29, passedCount: 22, failedCount: 2, skippedCount: 5 });
    expect(body.environment).toMatchObject({ branch: 'main', commit: 'abc123' });
    const machines = (await t.get(`/api/v3/test_runs/${body.id}/test_machine_results`)).json();
    expect(machines.content).toHaveLength(1);
    expect(machines.content[0].metrics.totalCount).toBe(29);
  });

  itWithCorpus('stores nothing when one file of a multipart upload is malformed', async () => {
    const before = await rowCounts(t.store);
    const { payload, contentType } = multipartBody([
      { name: 'good.xml', content: corpus(PYTEST_FAIL) },
      { name: 'truncated-in-root-tag.xml', content: readFileSync(CUT_IN_ROOT) },
    ]);
    const res = await upload(t, 'plan=never-stored-multi', payload, { 'content-type': contentType });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_REPORT');
    expect(res.json().fieldErrors[0]).toMatchObject({ field: 'file', rejectedValue: 'truncated-in-root-tag.xml' });
    expect(await rowCounts(t.store)).toEqual(before);
  });

  itWithCorpus('a report cut off mid-write keeps its complete case; its suite and run are ABORTED and say where the file ends', async () => {
    const res = await upload(t, 'plan=cut', corpus(TRUNCATED), { ...xml, 'content-disposition': `attachment; filename="${baseName(TRUNCATED)}"` });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    const message = 'corrupt-xml.xml ends on line 11, column 22, inside suite "pytest" (cut off mid-write?): 1 complete test case read, 1 of them in this suite; the rest of the report is missing';
    expect(body).toMatchObject({ result: 'ABORTED', metrics: { totalCount: 1, passedCount: 1 } });
    expect(body.import.warnings).toEqual([{ file: 'corrupt-xml.xml', code: 'truncated', message, line: 11, column: 22 }]);
    const suites = (await t.get(`/api/v3/test_runs/${body.id}/test_suite_results`)).json().content;
    expect(suites).toEqual([expect.objectContaining({ name: 'pytest', result: 'ABORTED', message })]);
    expect((await t.get(`/api/v3/test_runs/${body.id}/warnings`)).json()).toEqual({ testRunId: body.id, warnings: body.import.warnings });
  });

  it('a shard sent again answers with the warnings stored the first time, and stores none twice', async () => {
    const tst = readFileSync(new URL('../fixtures/handwritten/tst-unescaped-attributes.xml', import.meta.url));
    const headers = { ...xml, 'content-disposition': 'attachment; filename="tst.xml"' };
    const first = await upload(t, 'plan=warn-twice&runKey=w1', tst, headers);
    expect(first.statusCode).toBe(201);
    expect(first.json().import.warnings).toEqual([{ file: 'tst.xml', code: 'repaired-xml', message: expect.stringMatching(/^14 unescaped '<' or '&' in attribute values \(first on line 4, column \d+\)/), line: 4, column: expect.any(Number) }]);
    const again = await upload(t, 'plan=warn-twice&runKey=w1', tst, headers);
    expect(again.statusCode).toBe(200);
    expect(again.json().import).toMatchObject({ duplicate: true, warnings: first.json().import.warnings });
    expect((await t.get(`/api/v3/test_runs/${first.json().id}/warnings`)).json().warnings).toHaveLength(1);
  });

  it('GET /test_runs/{id}/warnings is a 404 for an unknown run', async () => {
    expect((await t.get('/api/v3/test_runs/999999/warnings')).statusCode).toBe(404);
    expect((await t.get('/api/v2/test_runs/999999/warnings')).json().code).toBe('NOT_FOUND');
  });

  it('answers a report with nothing complete in it with 400 naming file and line, and stores nothing', async () => {
    const before = await rowCounts(t.store);
    const res = await upload(t, 'plan=never-stored', readFileSync(CUT_IN_ROOT), { ...xml, 'content-disposition': 'attachment; filename="truncated-in-root-tag.xml"' });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('INVALID_REPORT');
    expect(body.error).toMatch(/^truncated-in-root-tag\.xml:2:\d+: unexpected end of file \(truncated XML\?\)/);
    expect(body.fieldErrors).toEqual([{ field: 'file', message: body.error, rejectedValue: 'truncated-in-root-tag.xml' }]);
    expect(await rowCounts(t.store)).toEqual(before);
  });

  itWithCorpus('answers a report of no known format with 400, and an unknown content type with 415', async () => {
    const unknown = await upload(t, 'plan=x', '<html><body>not a report</body></html>', { 'content-type': 'text/xml' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'INVALID_REPORT', fieldErrors: [{ field: 'format' }] });
    const empty = await upload(t, 'plan=x', '', { 'content-type': 'application/xml' });
    expect(empty.statusCode).toBe(400);
    const type = await upload(t, 'plan=x', 'a,b,c', { 'content-type': 'text/csv' });
    expect(type.statusCode).toBe(415);
    expect(type.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const encoding = await upload(t, 'plan=x', corpus(PYTEST_FAIL), { ...xml, 'content-encoding': 'br' });
    expect(encoding.statusCode).toBe(415);
  });

  itWithCorpus('answers broken transport with 400, never 500: truncated gzip, garbage multipart, binary bytes', async () => {
    const zipped = gzipSync(corpus(PYTEST_ELASTIC));
    const truncated = await upload(t, 'plan=x', zipped.subarray(0, zipped.length - 40), { ...xml, 'content-encoding': 'gzip' });
    expect(truncated.statusCode).toBe(400);
    expect(truncated.json()).toMatchObject({ code: 'INVALID_REPORT', error: expect.stringMatching(/gzip/) });
    const tinyGzip = await upload(t, 'plan=x', zipped.subarray(0, 12), { 'content-type': 'application/octet-stream' });
    expect(tinyGzip.statusCode).toBe(400);
    const garbage = await upload(t, 'plan=x', 'this is not multipart', { 'content-type': 'multipart/form-data; boundary=nope' });
    expect(garbage.statusCode).toBeGreaterThanOrEqual(400);
    expect(garbage.statusCode).toBeLessThan(500);
    const noBoundary = await upload(t, 'plan=x', 'x', { 'content-type': 'multipart/form-data' });
    expect(noBoundary.statusCode).toBeGreaterThanOrEqual(400);
    expect(noBoundary.statusCode).toBeLessThan(500);
    const cutInPart = await upload(t, 'plan=x', '--b\r\nContent-Disposition: form-data; name="file"; filename="a.xml"\r\n\r\n<testsuite><testcase name="x"/></testsu', { 'content-type': 'multipart/form-data; boundary=b' });
    expect(cutInPart.statusCode).toBe(400);
    const binary = await upload(t, 'plan=x&format=junit', Buffer.from([0x3c, 0x74, 0xff, 0xfe, 0x00, 0x01]), { 'content-type': 'application/octet-stream' });
    expect(binary.statusCode).toBe(400);
  });

  itWithCorpus('validates the parameters and the key', async () => {
    expect((await upload(t, 'build=1', corpus(PYTEST_FAIL))).statusCode).toBe(400);
    expect((await upload(t, 'plan=x&format=yaml', corpus(PYTEST_FAIL))).statusCode).toBe(400);
    expect((await upload(t, 'plan=x&colour=red', corpus(PYTEST_FAIL))).statusCode).toBe(400);
    expect((await upload(t, 'plan=x&env=novalue', corpus(PYTEST_FAIL))).statusCode).toBe(400);
    const wrongFormat = await upload(t, 'plan=x&format=ctrf', corpus(PYTEST_FAIL));
    expect(wrongFormat.statusCode).toBe(400);
    expect(wrongFormat.json().code).toBe('INVALID_REPORT');
    const noKey = await t.app.inject({ method: 'POST', url: '/api/v3/imports?plan=x', headers: xml, payload: corpus(PYTEST_FAIL) });
    expect(noKey.statusCode).toBe(401);
  });

  itWithCorpus('joins sequential shards with the same run key into one run with exact metrics', async () => {
    const first = await upload(t, 'plan=sharded&runKey=build-7&machine=shard-1', corpus(PYTEST_FAIL));
    const second = await upload(t, 'plan=sharded&runKey=build-7&machine=shard-2', corpus(PYTEST_ELASTIC));
    const third = await upload(t, 'plan=sharded&runKey=build-7&machine=shard-1', corpus(NUNIT_HEALTH));
    expect([first.statusCode, second.statusCode, third.statusCode]).toEqual([201, 201, 201]);
    expect(second.json().id).toBe(first.json().id);
    expect(third.json().id).toBe(first.json().id);
    expect([first.json().import.created, second.json().import.created]).toEqual([true, false]);
    const run = third.json();
    expect(run.metrics).toMatchObject({ totalCount: 29, passedCount: 22, failedCount: 2, skippedCount: 5 });
    const machines = (await t.get(`/api/v3/test_runs/${run.id}/test_machine_results`)).json().content;
    expect(machines.map((m: { deviceConfiguration: { title: string }; metrics: { totalCount: number } }) => [m.deviceConfiguration.title, m.metrics.totalCount])).toEqual([
      ['shard-1', 15],
      ['shard-2', 14],
    ]);
    await expectMetricsEqualRecount(t, run.id);
    // A different plan with the same key is a different run.
    const other = await upload(t, 'plan=sharded-other&runKey=build-7', corpus(PYTEST_FAIL));
    expect(other.json().id).not.toBe(run.id);
  });

  itWithCorpus('joins concurrent shards with the same run key into one run', async () => {
    const bodies = [PYTEST_FAIL, PYTEST_ELASTIC, NUNIT_HEALTH, PYTEST_FAIL];
    const results = await Promise.all(bodies.map((file, i) => upload(t, `plan=parallel&runKey=k-1&machine=shard-${i}`, corpus(file))));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    const ids = new Set(results.map((r) => r.json().id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.json().import.created)).toHaveLength(1);
    const [id] = [...ids];
    const run = (await t.get(`/api/v3/test_runs/${id}`)).json();
    expect(run.metrics).toMatchObject({ totalCount: 34, passedCount: 25, failedCount: 3, skippedCount: 6 });
    await expectMetricsEqualRecount(t, id);
  });

  itWithCorpus('an upload sent again without a run key (its answer was lost: a crash, a timeout) is stored once', async () => {
    const first = await upload(t, 'plan=retried&build=7', corpus(PYTEST_FAIL));
    expect(first.statusCode).toBe(201);
    const counts = await rowCounts(t.store);
    const again = await upload(t, 'plan=retried&build=7', corpus(PYTEST_FAIL));
    expect([again.statusCode, again.json().id, again.json().import.duplicate]).toEqual([200, first.json().id, true]);
    expect(await rowCounts(t.store)).toEqual(counts);
    // Another build with the same content is another run.
    expect((await upload(t, 'plan=retried&build=8', corpus(PYTEST_FAIL))).statusCode).toBe(201);
  });

  itWithCorpus('links a re-run to its parent', async () => {
    const parent = (await upload(t, 'plan=rerun', corpus(PYTEST_FAIL))).json();
    const child = await upload(t, `plan=rerun&reRunParentId=${parent.id}`, corpus(PYTEST_FAIL));
    expect(child.statusCode).toBe(201);
    expect(child.json()).toMatchObject({ reRunParentId: parent.id, reRunType: 'ONLY_FAILED_TESTS' });
    // The same re-run upload again is a retry: it finds the re-run it made.
    const retried = await upload(t, `plan=rerun&reRunParentId=${parent.id}`, corpus(PYTEST_FAIL));
    expect([retried.statusCode, retried.json().id]).toEqual([200, child.json().id]);
    // Another re-run of the same parent would fork the chain.
    const again = await upload(t, `plan=rerun&reRunParentId=${parent.id}`, corpus(PYTEST_ELASTIC));
    expect(again.statusCode).toBe(409);
    const missing = await upload(t, 'plan=rerun&reRunParentId=999999', corpus(PYTEST_FAIL));
    expect(missing.statusCode).toBe(400);
  });
});

/** Stored metrics equal a recount from the rows. */
async function expectMetricsEqualRecount(t: T, runId: number) {
  const before = (await t.get(`/api/v3/test_runs/${runId}`)).json();
  const suitesBefore = (await t.get(`/api/v3/test_runs/${runId}/test_suite_results?size=2000`)).json().content;
  await t.store.db.transaction().execute((trx) => recountRun(trx, t.workspaceId, runId, NOW));
  expect((await t.get(`/api/v3/test_runs/${runId}`)).json()).toEqual(before);
  expect((await t.get(`/api/v3/test_runs/${runId}/test_suite_results?size=2000`)).json().content).toEqual(suitesBefore);
}

describe.each(DATABASES)('POST /imports size limit on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let auth: Record<string, string>;
  beforeAll(async () => {
    store = await freshStore(kind);
    app = await buildApp({ store, config: { bodyLimitBytes: 4096, publicUrl: 'http://verdict.test', logLevel: 'silent' }, clock: () => NOW, logger: false });
    auth = { authorization: `Bearer ${(await createApiKey(store, 'acme', 'ci', NOW)).key}` };
  });
  afterAll(async () => {
    await app.close();
    await store.drop();
  });

  const big = `<testsuites>${'<testsuite name="s"><testcase name="t" classname="c"/></testsuite>'.repeat(200)}</testsuites>`;

  it('answers 413 with the JSON error body for a body over the limit', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v3/imports?plan=big', headers: { ...auth, ...xml }, payload: big });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', fieldErrors: null });
  });

  it('counts decompressed bytes, so a small gzip bomb is a 413 too', async () => {
    const bomb = gzipSync(Buffer.from(big));
    expect(bomb.length).toBeLessThan(4096);
    const before = await rowCounts(store);
    const res = await app.inject({ method: 'POST', url: '/api/v3/imports?plan=bomb', headers: { ...auth, ...xml, 'content-encoding': 'gzip' }, payload: bomb });
    expect(res.statusCode).toBe(413);
    const multi = multipartBody([{ name: 'bomb.xml.gz', content: bomb }]);
    const res2 = await app.inject({ method: 'POST', url: '/api/v3/imports?plan=bomb', headers: { ...auth, 'content-type': multi.contentType }, payload: multi.payload });
    expect(res2.statusCode).toBe(413);
    expect(await rowCounts(store)).toEqual(before);
  });

  it('answers 413 for a multipart file over the limit', async () => {
    const multi = multipartBody([{ name: 'big.xml', content: big }]);
    const res = await app.inject({ method: 'POST', url: '/api/v3/imports?plan=big', headers: { ...auth, 'content-type': multi.contentType }, payload: multi.payload });
    expect(res.statusCode).toBe(413);
  });
});
