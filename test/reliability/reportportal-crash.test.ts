/**
 * A ReportPortal launch whose server is SIGKILLed mid-way: after a restart every item start and finish it
 * acknowledged is there; the client then sends again what got no answer (item starts carry no UUID, as the
 * agents send them, so a start is recognised by its body), and the launch ends with every test exactly
 * once, the database checking clean and its metrics equal to a recount.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as cli } from '../../src/cli/main.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { checkSqliteFile } from '../helpers/sqlite-checks.js';

const TESTS = 300;
const IN_FLIGHT = 8;
const LAUNCH = '7c1a0d4e-6b8f-4e57-9a43-2f1c0b9d8e71';
const T0 = Date.parse('2026-11-20T10:00:00Z');

interface Test {
  name: string;
  start: Record<string, unknown>;
  status: 'passed' | 'failed';
  id?: string;
  finished?: boolean;
}

describe('a ReportPortal launch killed mid-way (SQLite file, SIGKILL)', () => {
  let dir: string;
  let db: string;
  let key = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verdict-rp-crash-'));
    db = join(dir, 'verdict.db');
    await cli(['keys', 'create', '--db', db, '--workspace', 'acme', '--name', 'ci'], { out: (l) => (key = l), err: () => {} });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged item; what is sent again after the restart completes the launch without doubling anything', async () => {
    let server: ServerProcess = await startServer(['--db', db]);
    const request = async (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) => {
      const res = await fetch(`${server.url}/api/v1/acme${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<Record<string, any>>;
    };
    await request('POST', '/launch', { name: 'crash', startTime: T0, uuid: LAUNCH });
    const suite = (await request('POST', '/item/', { name: 'Crash', type: 'SUITE', startTime: T0, launchUuid: LAUNCH })).id as string;
    const tests: Test[] = Array.from({ length: TESTS }, (_, i) => ({
      name: `test ${i}`,
      start: { name: `test ${i}`, type: 'STEP', startTime: T0 + i, launchUuid: LAUNCH, codeRef: `crash/test ${i}` },
      status: i % 7 ? 'passed' : 'failed',
    }));
    const report = async (test: Test) => {
      test.id ??= (await request('POST', `/item/${suite}`, test.start)).id;
      if (!test.finished) await request('PUT', `/item/${test.id}`, { endTime: T0 + TESTS + 1, status: test.status, launchUuid: LAUNCH });
      test.finished = true;
    };

    // IN_FLIGHT clients report in parallel; the server is killed once a third of the tests are through.
    let next = 0;
    const killAt = Math.floor(TESTS / 3);
    const killed = (async () => {
      while (tests.filter((x) => x.finished).length < killAt) await new Promise((r) => setTimeout(r, 5));
      server.process.kill('SIGKILL');
      await server.exited;
    })();
    await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
      while (next < TESTS) await report(tests[next++]!).catch(() => (next = TESTS));
    }));
    await killed;
    const acknowledged = tests.filter((x) => x.id !== undefined);
    expect(tests.filter((x) => x.finished).length).toBeGreaterThanOrEqual(killAt);
    expect(acknowledged.length).toBeLessThan(TESTS);

    server = await startServer(['--db', db]);
    const runId = (await request('GET', `/launch/uuid/${LAUNCH}`)).id as number;
    const cases = async () => (await (await fetch(`${server.url}/api/v3/test_runs/${runId}/test_case_results?size=2000`, { headers: { authorization: `Bearer ${key}` } })).json()).content as { name: string; result: string }[];
    const stored = new Map((await cases()).map((c) => [c.name, c.result]));
    for (const x of acknowledged) expect(stored.has(x.name), `${x.name} was acknowledged`).toBe(true);
    for (const x of tests.filter((y) => y.finished)) expect(stored.get(x.name), x.name).toBe(x.status === 'passed' ? 'SUCCESS' : 'FAILURE');

    // The clients send again what got no answer: the same starts (found by their body when they were stored), the finishes.
    for (const x of tests) await report(x);
    await request('PUT', `/launch/${LAUNCH}/finish`, { endTime: T0 + TESTS + 2 });
    const after = await cases();
    expect(after).toHaveLength(TESTS);
    expect(new Set(after.map((c) => c.name)).size).toBe(TESTS);
    expect(after.filter((c) => c.result === 'FAILURE')).toHaveLength(tests.filter((x) => x.status === 'failed').length);
    server.process.kill('SIGTERM');
    await server.exited;

    const check = checkSqliteFile(db);
    expect(check.integrity).toBe('ok');
    expect(check.mismatches).toEqual([]);
    expect(check.runs).toEqual([expect.objectContaining({ total_count: TESTS, status: 'STATUS_COMPLETED' })]);
  });
});
