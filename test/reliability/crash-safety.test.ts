/**
 * Crash safety: SIGKILL the server in the middle of a large one-shot ingestion and of a live run, restart
 * it: nothing acknowledged is lost, nothing half-written is visible, the database checks clean and the
 * stored metrics equal a recount from the rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as cli } from '../../src/cli/main.js';
import { generatedRun } from '../helpers/documents.js';
import { startServer } from '../helpers/server-process.js';
import { checkSqliteFile } from '../helpers/sqlite-checks.js';

const quiet = { out: () => {}, err: () => {} };

async function createKey(db: string): Promise<string> {
  let key = '';
  await cli(['keys', 'create', '--db', db, '--workspace', 'acme', '--name', 'ci'], { out: (l) => (key = l), err: () => {} });
  return key;
}

describe('crash safety (SQLite file, SIGKILL)', () => {
  let dir: string;
  let db: string;
  let key: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verdict-crash-'));
    db = join(dir, 'verdict.db');
    key = await createKey(db);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a run killed mid-ingestion is either all there or not at all; acknowledged runs survive', async () => {
    const server = await startServer(['--db', db]);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const small = await fetch(`${server.url}/api/v3/test_runs`, { method: 'POST', headers, body: JSON.stringify(generatedRun(200, 'Acknowledged')) });
    expect(small.status).toBe(201);
    const acknowledged = ((await small.json()) as { id: number }).id;
    // A large run, and a kill while it is being written.
    const big = fetch(`${server.url}/api/v3/test_runs`, { method: 'POST', headers, body: JSON.stringify(generatedRun(20_000, 'Killed')) }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 400));
    server.process.kill('SIGKILL');
    await server.exited;
    await big;

    const restarted = await startServer(['--db', db]);
    const res = await fetch(`${restarted.url}/api/v3/test_runs/${acknowledged}`, { headers });
    expect(res.status).toBe(200);
    restarted.process.kill('SIGTERM');
    await restarted.exited;

    const check = checkSqliteFile(db);
    expect(check.integrity).toBe('ok');
    expect(check.mismatches).toEqual([]);
    for (const r of check.runs) expect([200, 20_000]).toContain(r.total_count);
  });

  it('a live run killed mid-batch keeps every acknowledged batch and no half batch', async () => {
    const server = await startServer(['--db', db]);
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const opened = await fetch(`${server.url}/api/v3/live/test_runs`, { method: 'POST', headers, body: JSON.stringify({ testPlan: 'Live', key: 'live-1' }) });
    const runId = ((await opened.json()) as { id: number }).id;
    const post = (body: unknown) => fetch(`${server.url}/api/v3/live/test_runs/${runId}/results`, { method: 'POST', headers, body: JSON.stringify(body) });
    expect((await post({ machines: [{ key: 'm' }], suites: [{ key: 's', machineKey: 'm', name: 'S' }] })).status).toBe(200);
    const acknowledged: string[] = [];
    for (let b = 0; b < 5; b++) {
      const cases = Array.from({ length: 200 }, (_, i) => ({ key: `b${b}-${i}`, suiteKey: 's', name: `case ${b}-${i}`, result: i % 7 ? 'SUCCESS' : 'FAILURE' }));
      expect((await post({ cases })).status).toBe(200);
      acknowledged.push(...cases.map((c) => c.key));
    }
    const inflight = Array.from({ length: 5000 }, (_, i) => ({ key: `late-${i}`, suiteKey: 's', name: `late ${i}`, result: 'SUCCESS' }));
    const pending = post({ cases: inflight }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 150));
    server.process.kill('SIGKILL');
    await server.exited;
    await pending;

    const check = checkSqliteFile(db);
    expect(check.integrity).toBe('ok');
    expect(check.mismatches).toEqual([]);
    const keys = new Set(check.caseKeys);
    for (const k of acknowledged) expect(keys.has(k), k).toBe(true);
    const late = check.caseKeys.filter((k) => k.startsWith('late-')).length;
    expect([0, 5000]).toContain(late);

    // The run can go on after the restart.
    const restarted = await startServer(['--db', db]);
    const more = await fetch(`${restarted.url}/api/v3/live/test_runs/${runId}/finish`, { method: 'POST', headers, body: '{}' });
    expect(more.status).toBe(200);
    expect(((await more.json()) as { metrics: { totalCount: number } }).metrics.totalCount).toBe(1000 + late);
    restarted.process.kill('SIGTERM');
    await restarted.exited;
    void quiet;
  });
});
