/**
 * Retention, on both databases: policies set over the API (a workspace's default, a plan's own), then
 * `verdict prune` removes every row and attachment file of the runs they let go, re-run chains whole,
 * keeps every other row exactly as it was (runs in progress, other workspaces, quarantines, webhooks), and
 * on SQLite the database file shrinks.
 */
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { run as cli } from '../../src/cli/main.js';
import { DAY_MS } from '../../src/core/retention.js';
import { buildApp } from '../../src/http/app.js';
import { attach, receiveAttachment, withReceivedBlobs } from '../../src/ingest/attachments.js';
import { ingestFor } from '../../src/ingest/index.js';
import { fileBlobStore } from '../../src/store/blob-store.js';
import { openStore, type Store } from '../../src/store/dialect.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { RUN_OWNED_TABLES } from '../../src/store/retention-repository.js';
import { DATABASES } from '../helpers/databases.js';
import { NOW } from '../helpers/app.js';
import { createScratchDatabase } from '../helpers/scratch-database.js';
import { captureIo } from './trigger-support.js';

const HOUR = 3600_000;

/** A run of `cases` cases, each with two steps and a message: enough rows that deleting them shows on disk. */
const runDocument = (plan: string, cases: number, extra: object = {}) => ({
  testPlan: plan,
  ...extra,
  machines: [
    {
      deviceConfiguration: { title: 'Linux' },
      suites: [
        {
          name: 'Cart',
          cases: Array.from({ length: cases }, (_, i) => ({
            name: `case ${i}`,
            result: i % 10 === 0 ? 'FAILED' : 'PASSED',
            message: `case ${i} said ${'something long enough to weigh '.repeat(4)}`,
            steps: [
              { action: 'arrange', result: 'PASSED' },
              { action: 'act', result: 'PASSED' },
            ],
          })),
        },
      ],
    },
  ],
});

describe.each(DATABASES)('retention on %s', (kind) => {
  let dir: string;
  let store: Store;
  let env: Record<string, string>;
  let dropDatabase: () => Promise<void>;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let now: number;
  let auth: Record<string, string>;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verdict-retention-'));
    if (kind === 'sqlite') {
      const path = join(dir, 'verdict.db');
      store = openStore({ sqlitePath: path });
      env = { VERDICT_DB: path, DATABASE_URL: '' };
      dropDatabase = async () => {};
    } else {
      const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!, 'verdict_test');
      store = openStore({ databaseUrl: scratch.url });
      env = { DATABASE_URL: scratch.url };
      dropDatabase = scratch.drop;
    }
    await migrateToLatest(store);
    now = NOW - 30 * DAY_MS;
    app = await buildApp({ store, config: { bodyLimitBytes: 50 << 20, publicUrl: 'http://t', logLevel: 'silent', attachmentsDir: join(dir, 'attachments') }, clock: () => now, logger: false, schedule: () => () => {} });
    auth = { authorization: `Bearer ${(await createApiKey(store, 'acme', 'ci', NOW)).key}` };
  });
  afterEach(async () => {
    await app.close();
    await store.close();
    await dropDatabase();
  });

  const api = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers = auth) => {
    const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.body ? res.json() : null };
  };
  /** A finished run written `ago` before NOW. */
  const runAt = async (ago: number, plan: string, cases: number, extra: object = {}, headers = auth) => {
    now = NOW - ago;
    const res = await api('POST', '/api/v3/test_runs', runDocument(plan, cases, extra), headers);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as number;
  };
  const attachTo = async (runId: number, name: string) => {
    const workspaceId = (await store.db.selectFrom('test_runs').select('workspace_id').where('id', '=', runId).executeTakeFirstOrThrow()).workspace_id;
    const caseRow = await store.db.selectFrom('case_results').select('id').where('test_run_id', '=', runId).orderBy('id').executeTakeFirstOrThrow();
    const blobs = fileBlobStore(join(dir, 'attachments'));
    const received = await receiveAttachment(blobs, (async function* () {
      yield Buffer.alloc(64 * 1024, 1);
    })(), 1 << 20);
    await withReceivedBlobs(blobs, [received], async () => {
      await ingestFor(store, now).write(workspaceId, async (tx) => {
        const w = await tx.run(runId, { openItems: false, allowFinished: true });
        await attach(w, { caseResultId: caseRow.id }, { name, contentType: 'application/octet-stream', blob: received, clientKey: name });
      });
      return { value: undefined, surplus: [] };
    });
    return join(dir, 'attachments', received.key);
  };
  const rowsOf = async (runIds: number[]) => {
    const rows: Record<string, unknown[]> = {};
    for (const table of RUN_OWNED_TABLES) rows[table] = await store.db.selectFrom(table).selectAll().where('test_run_id', 'in', runIds).execute();
    rows.test_runs = await store.db.selectFrom('test_runs').selectAll().where('id', 'in', runIds).execute();
    // In one order whatever the plan the database chose (not every table has an id).
    for (const list of Object.values(rows)) list.sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
    return rows;
  };
  const onDisk = () => (kind === 'sqlite' ? ['', '-wal'].reduce((sum, suffix) => sum + (existsSync(env.VERDICT_DB + suffix) ? statSync(env.VERDICT_DB + suffix).size : 0), 0) : 0);

  async function prune(...flags: string[]) {
    const saved = { ...process.env };
    Object.assign(process.env, env, { VERDICT_ATTACHMENTS_DIR: join(dir, 'attachments') });
    try {
      const { io, out, err } = captureIo();
      const code = await cli(['prune', ...flags], io);
      expect(err).toEqual([]);
      expect(code).toBe(0);
      return out;
    } finally {
      process.env = saved;
    }
  }

  it('prune deletes every row and file of the runs the policies let go, chains whole, and keeps the rest exact', async () => {
    // Nightly (the workspace's default: the newest 2 runs, a chain counting as one):
    //   n1 (5 days ago) with its re-run r1: the oldest chain, goes whole;
    //   n2 (4 days ago) with its re-run r2 an hour ago: the newest chain, kept whole;
    //   n3 (3 days ago): third, goes; n4 (2 days ago): second, kept.
    const n1 = await runAt(5 * DAY_MS, 'Nightly', 1500);
    const r1 = await runAt(4.5 * DAY_MS, 'Nightly', 150, { reRunParentId: n1 });
    const n2 = await runAt(4 * DAY_MS, 'Nightly', 1500);
    const n3 = await runAt(3 * DAY_MS, 'Nightly', 1500);
    const n4 = await runAt(2 * DAY_MS, 'Nightly', 1500);
    const r2 = await runAt(HOUR, 'Nightly', 150, { reRunParentId: n2 });
    // Smoke (its own policy: 7 days): s1 (10 days ago) goes, s2 (3 days ago) stays; a run left open 20 days ago stays.
    const s1 = await runAt(10 * DAY_MS, 'Smoke', 300);
    const s2 = await runAt(3 * DAY_MS, 'Smoke', 300);
    now = NOW - 20 * DAY_MS;
    const open = (await api('POST', '/api/v3/live/test_runs', { testPlan: 'Smoke', key: 'left-open' })).body.id as number;
    // Another workspace has no policy: its runs are kept, however old.
    const otherAuth = { authorization: `Bearer ${(await createApiKey(store, 'other', 'ci', NOW)).key}` };
    const other = await runAt(100 * DAY_MS, 'Nightly', 10, {}, otherAuth);

    const goneFile = await attachTo(n1, 'n1-trace.zip');
    const keptFile = await attachTo(n4, 'n4-trace.zip');
    now = NOW;
    const hook = await api('POST', '/api/v3/webhooks', { url: 'http://127.0.0.1:9/hook', events: ['run.finished'] });
    const n1Case = (await store.db.selectFrom('case_results').select('test_case_id').where('test_run_id', '=', n1).executeTakeFirstOrThrow()).test_case_id;
    expect((await api('PUT', `/api/v3/test_cases/${n1Case}/quarantine`, { reason: 'flaky checkout' })).status).toBe(200);

    expect((await api('PUT', '/api/v3/retention', { keepRuns: 2 })).status).toBe(200);
    const smokePlan = (await store.db.selectFrom('test_runs').select('test_plan_id').where('id', '=', s1).executeTakeFirstOrThrow()).test_plan_id;
    const policies = await api('PUT', `/api/v3/test_plans/${smokePlan}/retention`, { keepDays: 7 });
    expect(policies.body).toMatchObject({ workspace: { keepDays: null, keepRuns: 2 }, plans: [{ testPlanId: smokePlan, testPlanName: 'Smoke', keepDays: 7, keepRuns: null }] });

    const doomed = [n1, r1, n3, s1].sort((a, b) => a - b);
    const kept = [n2, r2, n4, s2, open, other];
    const keptBefore = await rowsOf(kept);
    const doomedBefore = await rowsOf(doomed);
    expect(doomedBefore.step_results!.length).toBe(2 * (1500 + 150 + 1500 + 300));

    // A dry run, over the API and the command line, counts and deletes nothing.
    const preview = await api('GET', '/api/v3/retention/preview');
    expect(preview.body).toMatchObject({ runIds: doomed, rows: { test_runs: 4, case_results: 3450, step_results: 6900, attachments: 1 }, attachmentFiles: 1, attachmentBytes: 65536 });
    expect((await prune('--dry-run'))[0]).toMatch(/^Would delete 4 runs \(.*3450 case_results/);
    expect(await rowsOf(doomed)).toEqual(doomedBefore);

    const sizeBefore = onDisk();
    const out = await prune();
    expect(out[0]).toMatch(/^Deleted 4 runs \(6900 step_results, 1 attachments, 3450 case_results, 4 suite_results, 4 machine_results, 4 run_events\)$/);
    expect(out[1]).toBe('Deleted 1 attachment files (0.1 MB)');

    // Every row of the old runs, and their file, gone; every other row as it was.
    for (const [table, rows] of Object.entries(await rowsOf(doomed))) expect([table, rows.length]).toEqual([table, 0]);
    expect(existsSync(goneFile)).toBe(false);
    expect(existsSync(keptFile)).toBe(true);
    expect(await rowsOf(kept)).toEqual(keptBefore);
    expect((await api('GET', `/api/v3/test_runs/${n1}`)).status).toBe(404);
    expect((await api('GET', `/api/v3/test_runs/${r2}`)).body).toMatchObject({ id: r2, reRunParentId: n2 });
    // Quarantines, webhooks and the policies themselves stay.
    expect((await api('GET', '/api/v3/quarantines')).body.content).toHaveLength(1);
    expect((await api('GET', '/api/v3/webhooks')).body.content.map((h: { id: number }) => h.id)).toEqual([hook.body.id]);
    expect((await api('GET', '/api/v3/retention')).body.plans).toHaveLength(1);

    if (kind === 'sqlite') {
      expect(out[2]).toMatch(/^Database file: [\d.]+ MB → [\d.]+ MB, [\d.]+ MB given back \(incremental vacuum\)$/);
      expect(onDisk()).toBeLessThan(sizeBefore * 0.75);
    } else expect(out[2]).toMatch(/autovacuum/);

    // Nothing left to let go: a second prune deletes nothing.
    expect(await prune()).toEqual(['Nothing to prune: no run is past its retention policy.']);
  });

  it('policies: a limit is needed, a plan must exist, and removing one falls back to the default', async () => {
    expect((await api('PUT', '/api/v3/retention', {})).body.error).toMatch(/keepDays or keepRuns is needed/);
    expect((await api('PUT', '/api/v3/retention', { keepDays: 0 })).status).toBe(400);
    expect((await api('PUT', '/api/v3/test_plans/999/retention', { keepDays: 3 })).status).toBe(404);
    expect((await api('DELETE', '/api/v3/retention')).status).toBe(404);
    expect((await api('GET', '/api/v3/retention')).body).toEqual({ workspace: null, plans: [] });

    const id = await runAt(40 * DAY_MS, 'Old', 3);
    const plan = (await store.db.selectFrom('test_runs').select('test_plan_id').where('id', '=', id).executeTakeFirstOrThrow()).test_plan_id;
    now = NOW;
    await api('PUT', '/api/v3/retention', { keepDays: 30 });
    await api('PUT', `/api/v3/test_plans/${plan}/retention`, { keepDays: 90 });
    expect((await api('GET', '/api/v3/retention/preview')).body.runIds).toEqual([]);
    expect((await api('DELETE', `/api/v3/test_plans/${plan}/retention`)).status).toBe(204);
    expect((await api('GET', '/api/v3/retention/preview')).body.runIds).toEqual([id]);
  });
});
