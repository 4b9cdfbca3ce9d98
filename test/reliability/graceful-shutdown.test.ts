/** SIGTERM drains in-flight requests and closes the database cleanly. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as cli } from '../../src/cli/main.js';
import { generatedRun } from '../helpers/documents.js';
import { startServer } from '../helpers/server-process.js';
import { checkSqliteFile } from '../helpers/sqlite-checks.js';

describe('graceful shutdown', () => {
  it('finishes the request in flight, exits 0, leaves a clean database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-term-'));
    const db = join(dir, 'verdict.db');
    let key = '';
    await cli(['keys', 'create', '--db', db, '--workspace', 'acme', '--name', 'ci'], { out: (l) => (key = l), err: () => {} });
    const server = await startServer(['--db', db]);
    const inflight = fetch(`${server.url}/api/v3/test_runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(generatedRun(5000, 'Drained')),
    });
    await new Promise((r) => setTimeout(r, 100));
    server.process.kill('SIGTERM');
    const res = await inflight;
    expect(res.status).toBe(201);
    expect(await server.exited).toBe(0);
    const check = checkSqliteFile(db);
    expect(check.integrity).toBe('ok');
    expect(check.runs.map((r) => r.total_count)).toEqual([5000]);
    rmSync(dir, { recursive: true, force: true });
  });
});
