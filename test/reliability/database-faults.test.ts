/**
 * PostgreSQL going away mid-run: Verdict answers 503 quickly with the JSON error body, and recovers by
 * itself when the database is back. Runs where PostgreSQL can be started (as in CI: root, PostgreSQL
 * installed); elsewhere it says why it is skipped.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../../src/auth/api-keys.js';
import { generatedRun } from '../helpers/documents.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';
import { openStore } from '../../src/store/dialect.js';
import { migrateToLatest } from '../../src/store/migrate.js';

const canRun = process.getuid?.() === 0 && existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').length > 0 && !!process.env.TEST_DATABASE_URL;
if (!canRun) console.log('database-faults: skipped (needs root, PostgreSQL installed and TEST_DATABASE_URL set, as in CI)');

const pgCtl = () => `/usr/lib/postgresql/${readdirSync('/usr/lib/postgresql').sort().at(-1)}/bin/pg_ctl`;

describe.runIf(canRun)('PostgreSQL faults', () => {
  let url: string;
  let dir: string;
  let server: ServerProcess;
  let headers: Record<string, string>;
  const ctl = (action: 'stop' | 'start') =>
    execFileSync('su', ['postgres', '-c', action === 'stop' ? `${pgCtl()} -D ${dir}/data -m fast stop` : `${pgCtl()} -D ${dir}/data -l ${dir}/log -w start`], { stdio: 'ignore' });

  beforeAll(async () => {
    url = execFileSync('bash', ['.ci/start-postgres.sh'], { encoding: 'utf8' }).trim();
    dir = readFileSync('/tmp/verdict-pg-last-dir', 'utf8').trim();
    const store = openStore({ databaseUrl: url });
    await migrateToLatest(store);
    const { key } = await createApiKey(store, 'acme', 'ci', Date.now());
    await store.close();
    headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    server = await startServer([], { DATABASE_URL: url });
  });
  afterAll(async () => {
    server?.process.kill('SIGTERM');
    await server?.exited;
    try {
      ctl('stop');
    } catch {
      /* already stopped */
    }
  });

  it('answers 503 quickly while the database is down, then recovers by itself', async () => {
    const first = await fetch(`${server.url}/api/v3/test_runs`, { method: 'POST', headers, body: JSON.stringify(generatedRun(50, 'Faults')) });
    expect(first.status).toBe(201);
    const runId = ((await first.json()) as { id: number }).id;

    ctl('stop');
    const started = Date.now();
    const down = await fetch(`${server.url}/api/v3/test_runs/${runId}`, { headers });
    const took = Date.now() - started;
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE', error: expect.any(String) });
    console.log(`503 after ${took} ms with the database down`);
    const write = await fetch(`${server.url}/api/v3/test_runs`, { method: 'POST', headers, body: JSON.stringify(generatedRun(10, 'Faults')) });
    expect(write.status).toBe(503);

    ctl('start');
    let back = 0;
    for (let i = 0; i < 50 && back !== 200; i++) {
      back = (await fetch(`${server.url}/api/v3/test_runs/${runId}`, { headers })).status;
      if (back !== 200) await new Promise((r) => setTimeout(r, 200));
    }
    expect(back).toBe(200);
    const again = await fetch(`${server.url}/api/v3/test_runs`, { method: 'POST', headers, body: JSON.stringify(generatedRun(10, 'Faults')) });
    expect(again.status).toBe(201);
  });
});
