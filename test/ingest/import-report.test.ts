/**
 * The streaming import sink on its own: batches, the same rows as one-shot ingestion of the same
 * report, times from the suites, steps and attempts, and a failure after several written batches
 * rolling everything back.
 */
import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { junitReport } from '../../scripts/generate-junit.js';
import { importers, type ImportEvent } from '../../src/importers/index.js';
import type { CaseDocument, RunDocument } from '../../src/core/document.js';
import { importReports } from '../../src/ingest/index.js';
import { newSuiteClock, noteSuiteElement, suiteTimes, type SuiteClock } from '../../src/ingest/suite-clock.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { normalizeCase } from '../../src/core/normalize-case.js';
import { recountRun } from '../../src/ingest/index.js';
import { ensureWorkspace } from '../../src/store/workspace-repository.js';
import { DATABASES, freshStore } from '../helpers/databases.js';
import { NOW } from '../helpers/app.js';
import { itWithCorpus } from '../helpers/corpus.js';
import { CORPUS, rowCounts } from '../http/import-support.js';

async function* text(pieces: Iterable<string>): AsyncGenerator<string> {
  for (const p of pieces) yield p;
}

/** A run document of the same events, suites grouped by name, for one-shot ingestion. */
async function documentOf(pieces: string[], plan: string): Promise<RunDocument> {
  const suites = new Map<string, CaseDocument[]>();
  let hostName: string | undefined;
  for await (const e of importers.junit.parse(text(pieces)) as AsyncGenerator<ImportEvent>) {
    if (e.kind === 'run') hostName ??= e.machine?.deviceConfiguration?.hostName ?? undefined;
    else if (e.kind === 'case') suites.set(e.suite.name, [...(suites.get(e.suite.name) ?? []), e.case]);
  }
  return { testPlan: plan, machines: [{ deviceConfiguration: { title: hostName }, suites: [...suites].map(([name, cases]) => ({ name, cases })) }] };
}

const CASE_COLUMNS = ['name', 'result', 'status', 'message', 'skipped', 'flaky', 'duration', 'start_time', 'error_type', 'stack_trace', 'system_out', 'system_err', 'properties', 'attempts', 'position', 'total_count'] as const;

describe('normalizeCase', () => {
  it('applies the one-shot rules to a single case', () => {
    expect(normalizeCase({ name: ' adds ', result: 'SKIPPED', duration: 12.4 }, 'Calc')).toMatchObject({ ok: true, case: { name: 'adds', identity: 'Calc::adds', result: 'NOT_EXECUTED', skipped: true, duration: 12 } });
    expect(normalizeCase({ name: 'x', startTime: '2024-01-02T00:00:10Z', endTime: '2024-01-02T00:00:00Z', result: 'PASSED' }, 'S')).toEqual({ ok: false, problem: { field: 'case.endTime', message: 'is before startTime' } });
  });
});

describe('suiteTimes', () => {
  const clockOf = (infos: { startTime?: string; duration?: number }[], cases: Partial<SuiteClock> = {}, stored?: SuiteClock['stored']) => {
    const clock = { ...newSuiteClock(stored), ...cases };
    for (const i of infos) noteSuiteElement(clock, { name: 's', ...i });
    return clock;
  };
  it('takes the suite elements’ timestamp + time, summing several elements of one name', () => {
    const clock = clockOf([{ startTime: '2024-05-29T07:00:00Z', duration: 1000 }, { startTime: '2024-05-29T07:00:05Z', duration: 2000 }], { caseDuration: 99 });
    expect(suiteTimes(clock)).toEqual({ start: Date.parse('2024-05-29T07:00:00Z'), end: Date.parse('2024-05-29T07:00:07Z'), duration: 3000 });
  });
  it('falls back to the cases, and adds to what an earlier shard stored', () => {
    expect(suiteTimes(clockOf([{}], { caseDuration: 40 }))).toEqual({ start: null, end: null, duration: 40 });
    expect(suiteTimes(clockOf([{}], { caseStart: 100, caseEnd: 300, caseDuration: 50 }, { start: 50, end: 120, duration: 70 }))).toEqual({ start: 50, end: 300, duration: 270 });
  });
});

describe.each(DATABASES)('importReports on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let workspaceId: number;
  beforeAll(async () => {
    store = await freshStore(kind);
    workspaceId = await ensureWorkspace(store.db, store.traits, 'acme', NOW);
  });
  afterAll(() => store.drop());

  it('writes in batches the same rows as one-shot ingestion of the same report', async () => {
    const pieces = [...junitReport(1234)];
    const summary = await importReports(store, workspaceId, { plan: 'streamed' }, [{ name: 'gen.xml', chunks: text(pieces) }], { now: NOW, batchSize: 100 });
    expect(summary).toMatchObject({ cases: 1234, created: true, formats: ['junit'] });
    const oneShot = await ingestDocument(store, workspaceId, await documentOf(pieces, 'one-shot'), { now: NOW });

    const casesOf = (runId: number) => store.db.selectFrom('case_results').select([...CASE_COLUMNS]).where('test_run_id', '=', runId).orderBy('suite_result_id').orderBy('position').execute();
    const [streamed, reference] = await Promise.all([casesOf(summary.runId), casesOf(oneShot)]);
    expect(streamed).toHaveLength(1234);
    expect(streamed).toEqual(reference);
    const run = await store.db.selectFrom('test_runs').selectAll().where('id', '=', summary.runId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ total_count: 1234, passed_count: 1060, failed_count: 124, skipped_count: 50, not_executed_count: 50, result: 'FAILURE', status: 'STATUS_COMPLETED' });
    // Suites keep their JUnit timestamp and time; the machine is named after the report's host.
    const suites = await store.db.selectFrom('suite_results').selectAll().where('test_run_id', '=', summary.runId).orderBy('position').execute();
    expect(suites).toHaveLength(13);
    expect(suites[0]).toMatchObject({ name: 'com.example.generated.module0.Generated0Test', start_time: Date.parse('2024-05-29T07:29:19Z'), duration: 1200, total_count: 100 });
    const machine = await store.db.selectFrom('machine_results').selectAll().where('test_run_id', '=', summary.runId).executeTakeFirstOrThrow();
    expect(machine).toMatchObject({ title: 'ci-runner-7', host_name: 'ci-runner-7', total_count: 1234 });
    expect(run.start_time).toBe(Date.parse('2024-05-29T07:29:19Z'));
    // Stored metrics are a recount.
    const before = await store.db.selectFrom('suite_results').selectAll().where('test_run_id', '=', summary.runId).orderBy('id').execute();
    await store.db.transaction().execute((trx) => recountRun(trx, workspaceId, summary.runId, NOW));
    expect(await store.db.selectFrom('suite_results').selectAll().where('test_run_id', '=', summary.runId).orderBy('id').execute()).toEqual(before);
  });

  itWithCorpus('stores CTRF steps as step results and retry attempts on the case', async () => {
    const summary = await importReports(store, workspaceId, { plan: 'ctrf', machine: 'm' }, [{ name: 'comprehensive.json', chunks: createReadStream(`${CORPUS}ctrf-spec/examples/comprehensive.json`) }], { now: NOW, batchSize: 1 });
    const cases = await store.db.selectFrom('case_results').selectAll().where('test_run_id', '=', summary.runId).orderBy('position').execute();
    expect(cases.map((c) => [c.name, c.result, c.flaky])).toEqual([
      ['user can login', 'SUCCESS', 0],
      ['user can checkout', 'SUCCESS', 1],
      ['admin dashboard loads', 'FAILURE', 0],
    ]);
    // The report lists the final execution among its two attempts (docs/importing.md, CTRF "Retries").
    expect(JSON.parse(cases[1]!.attempts!)).toHaveLength(1);
    const steps = await store.db.selectFrom('step_results').selectAll().where('case_result_id', '=', cases[2]!.id).orderBy('position').execute();
    expect(steps).toHaveLength(2);
    expect(cases[2]!.total_count).toBe(2);
  });

  it('rolls back every written batch when the report turns out broken late', async () => {
    const whole = [...junitReport(600)].join('');
    const at = Math.floor(whole.length * 0.8);
    const broken = `${whole.slice(0, at)}\u0000${whole.slice(at)}`;
    const before = await rowCounts(store);
    await expect(importReports(store, workspaceId, { plan: 'broken', runKey: 'k' }, [{ name: 'cut.xml', chunks: text([broken]) }], { now: NOW, batchSize: 50 })).rejects.toMatchObject({
      code: 'INVALID_REPORT',
      message: expect.stringMatching(/^cut\.xml:\d+:\d+: NUL byte/),
    });
    expect(await rowCounts(store)).toEqual(before);
    // The run key is free again.
    const ok = await importReports(store, workspaceId, { plan: 'broken', runKey: 'k' }, [{ name: 'ok.xml', chunks: text([whole]) }], { now: NOW, batchSize: 50 });
    expect(ok).toMatchObject({ created: true, cases: 600 });
  });

  it('rejects an upload without files and a case the normalization refuses', async () => {
    await expect(importReports(store, workspaceId, { plan: 'none' }, [], { now: NOW })).rejects.toMatchObject({ code: 'INVALID_REPORT' });
    await expect(importReports(store, workspaceId, { plan: ' ' }, [], { now: NOW })).rejects.toMatchObject({ code: 'INVALID_DOCUMENT' });
  });
});
