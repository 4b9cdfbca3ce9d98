/**
 * `verdict upload` against a real listening server (127.0.0.1, port 0), and `verdict import` into a
 * local database: stdout carries only the summary, exit codes follow the run's result and errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../src/cli/commands/import.js';
import { uploadCommand } from '../../src/cli/commands/upload.js';
import type { Io } from '../../src/cli/main.js';
import { openStore } from '../../src/store/dialect.js';
import { DATABASES } from '../helpers/databases.js';
import { testApp } from '../helpers/app.js';
import { itWithCorpus } from '../helpers/corpus.js';
import { CORPUS, CUT_IN_ROOT, NUNIT_HEALTH, PYTEST_ELASTIC, PYTEST_FAIL } from '../http/import-support.js';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  return { io, out, err };
}

const GITHUB = { GITHUB_ACTIONS: 'true', GITHUB_RUN_NUMBER: '512', GITHUB_SHA: 'abc123', GITHUB_REF_NAME: 'main', GITHUB_REPOSITORY: 'acme/shop', GITHUB_RUN_ID: '99' };

describe.each(DATABASES)('verdict upload on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let server: string;
  beforeAll(async () => {
    t = await testApp(kind);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as { port: number };
    server = `http://127.0.0.1:${address.port}`;
  });
  afterAll(() => t.close());

  itWithCorpus('uploads several files into one run, prints the summary and link on stdout only', async () => {
    const { io, out, err } = captureIo();
    const code = await uploadCommand(['--server', `${server}/`, '--key', t.key, '--plan', 'cli', '--machine', 'ci-box', `${CORPUS}${PYTEST_FAIL}`, `${CORPUS}${NUNIT_HEALTH}`], io, GITHUB);
    expect(code).toBe(0);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/^Run (\d+): FAILURE, 15 tests: 12 passed, 2 failed, 1 skipped from 2 files \(junit, nunit\)$/);
    const id = Number(/^Run (\d+)/.exec(out[0]!)![1]);
    expect(out[1]).toBe(`${server}/runs/${id}`);
    expect(err.join('\n')).toMatch(/Detected GitHub Actions, build 512/);
    const run = (await t.get(`/api/v3/test_runs/${id}`)).json();
    expect(run).toMatchObject({ buildNo: '512', testPlanName: 'cli', environment: { ci: 'GitHub Actions', commit: 'abc123', branch: 'main', buildNumber: '512' } });
    expect(run.metrics.totalCount).toBe(15);
  });

  itWithCorpus('--json prints the server answer with the link; --fail-on-failure exits 1 on a failed run and 0 on a passed one', async () => {
    const failed = captureIo();
    const code = await uploadCommand(['--server', server, '--key', t.key, '--plan', 'cli-json', '--build', 'b-1', '--json', '--fail-on-failure', `${CORPUS}${PYTEST_FAIL}`], failed.io, {});
    expect(code).toBe(1);
    const body = JSON.parse(failed.out.join('\n'));
    expect(body).toMatchObject({ result: 'FAILURE', buildNo: 'b-1', url: `${server}/runs/${body.id}`, import: { cases: 5, formats: ['junit'] } });

    const passed = captureIo();
    expect(await uploadCommand(['--server', server, '--key', t.key, '--plan', 'cli-json', '--fail-on-failure', '--env', 'branch=dev', `${CORPUS}${PYTEST_ELASTIC}`], passed.io, {})).toBe(0);
  });

  itWithCorpus("--repo-url gives the run the repository's web address (over the CI's), for the UI's commit and branch links", async () => {
    const { io, out } = captureIo();
    expect(await uploadCommand(['--server', server, '--key', t.key, '--plan', 'cli-repo', '--repo-url', 'git@git.acme.test:shop/web.git', `${CORPUS}${PYTEST_ELASTIC}`], io, GITHUB)).toBe(0);
    const id = Number(/^Run (\d+)/.exec(out[0]!)![1]);
    expect((await t.get(`/api/v3/test_runs/${id}`)).json().environment).toMatchObject({ repository: 'acme/shop', repositoryUrl: 'https://git.acme.test/shop/web', commit: 'abc123' });
  });

  itWithCorpus('the same upload again (its answer was lost) finds the run it made: exit 0, nothing added', async () => {
    const args = ['--server', server, '--key', t.key, '--plan', 'cli-retry', '--build', 'r-1', `${CORPUS}${PYTEST_ELASTIC}`];
    const first = captureIo();
    expect(await uploadCommand(args, first.io, {})).toBe(0);
    const again = captureIo();
    expect(await uploadCommand(args, again.io, {})).toBe(0);
    expect(again.out[0]).toBe(first.out[0]);
    expect(again.err.join('\n')).toMatch(/already held these reports/);
  });

  it('tries again when the server is briefly unavailable', async () => {
    let refused = 0;
    const flaky = createServer((req, res) => {
      if (req.url?.startsWith('/api/v3/imports') && refused++ === 0) {
        req.resume();
        req.on('end', () => res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'The database is unavailable; retry shortly', code: 'DATABASE_UNAVAILABLE' })));
        return;
      }
      // Everything else goes to the real server.
      const forward = httpRequest(`${server}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode!, answer.headers);
        answer.pipe(res);
      });
      req.pipe(forward);
    });
    await new Promise<void>((r) => flaky.listen(0, '127.0.0.1', r));
    const proxy = `http://127.0.0.1:${(flaky.address() as { port: number }).port}`;
    const { io, out, err } = captureIo();
    const xml = join(mkdtempSync(join(tmpdir(), 'verdict-retry-')), 'junit.xml');
    writeFileSync(xml, '<testsuite name="s"><testcase name="a"/></testsuite>');
    expect(await uploadCommand(['--server', proxy, '--key', t.key, '--plan', 'cli-503', xml], io, {})).toBe(0);
    expect(err.join('\n')).toMatch(/attempt 1 of 3 failed/);
    expect(out[0]).toMatch(/^Run \d+: SUCCESS, 1 test/);
    flaky.close();
  });

  itWithCorpus('expands globs and joins shards by --run-key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-upload-'));
    try {
      writeFileSync(join(dir, 'shard-a.xml'), await (await import('node:fs/promises')).readFile(`${CORPUS}${PYTEST_FAIL}`));
      writeFileSync(join(dir, 'shard-b.xml'), await (await import('node:fs/promises')).readFile(`${CORPUS}${PYTEST_ELASTIC}`));
      const a = captureIo();
      const b = captureIo();
      const [codeA, codeB] = await Promise.all([
        uploadCommand(['--server', server, '--key', t.key, '--plan', 'cli-shards', '--run-key', 'r1', '--machine', 'a', '--json', `${dir}/*-a.xml`], a.io, {}),
        uploadCommand(['--server', server, '--key', t.key, '--plan', 'cli-shards', '--run-key', 'r1', '--machine', 'b', '--json', `${dir}/shard-?.xml`], b.io, {}),
      ]);
      expect([codeA, codeB]).toEqual([0, 0]);
      const idA = JSON.parse(a.out.join('\n')).id;
      expect(JSON.parse(b.out.join('\n')).id).toBe(idA);
      expect((await t.get(`/api/v3/test_runs/${idA}`)).json().metrics.totalCount).toBe(5 + 5 + 14);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  itWithCorpus('exits 2 with the server message for a malformed report, a wrong key, an unreachable server or bad usage', async () => {
    const malformed = captureIo();
    expect(await uploadCommand(['--server', server, '--key', t.key, '--plan', 'cli-bad', CUT_IN_ROOT], malformed.io, {})).toBe(2);
    expect(malformed.out).toEqual([]);
    expect(malformed.err.join('\n')).toMatch(/answered 400: truncated-in-root-tag\.xml:2:\d+: /);

    const wrongKey = captureIo();
    expect(await uploadCommand(['--server', server, '--key', 'vdt_wrong', '--plan', 'x', `${CORPUS}${PYTEST_FAIL}`], wrongKey.io, {})).toBe(2);
    expect(wrongKey.err.join('\n')).toMatch(/answered 401: Incorrect or revoked API key/);

    const unreachable = captureIo();
    expect(await uploadCommand(['--server', 'http://127.0.0.1:1', '--key', t.key, '--plan', 'x', `${CORPUS}${PYTEST_FAIL}`], unreachable.io, {})).toBe(2);
    expect(unreachable.err.join('\n')).toMatch(/cannot reach/);

    const usage = captureIo();
    expect(await uploadCommand(['--server', server, '--key', t.key, `${CORPUS}${PYTEST_FAIL}`], usage.io, {})).toBe(2);
    expect(usage.err.join('\n')).toMatch(/needs --plan/);
    expect(await uploadCommand(['--server', server, '--key', t.key, '--plan', 'x', '/nonexistent/*.xml'], captureIo().io, {})).toBe(2);
    expect(await uploadCommand(['--server', server, '--key', t.key, '--plan', 'x', '--format', 'yaml', `${CORPUS}${PYTEST_FAIL}`], captureIo().io, {})).toBe(2);
  });
});

describe('verdict upload --run-id', () => {
  it('takes a run id instead of a plan, not with --run-key, and says so before sending anything', async () => {
    const server = 'http://127.0.0.1:1';
    for (const [args, message] of [
      [['--run-id', 'abc'], /--run-id takes a run id, got "abc"/],
      [['--run-id', '5', '--run-key', 'k'], /takes --run-id or --run-key, not both/],
      [[], /needs --plan NAME \(or --run-id ID\)/],
      [['--plan', 'x', '--repo-url', 'shop'], /--repo-url takes the repository's address/],
    ] as const) {
      const { io, err } = captureIo();
      expect(await uploadCommand(['--server', server, '--key', 'k', ...args, 'report.xml'], io, {})).toBe(2);
      expect(err.join('\n')).toMatch(message);
      expect(err.join('\n')).not.toMatch(/cannot reach/);
    }
  });
});

describe('verdict import (local database)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'verdict-import-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  itWithCorpus('imports files into a SQLite file without a server, through the same sink', async () => {
    const db = join(dir, 'local.db');
    const { io, out } = captureIo();
    const code = await importCommand(['--db', db, '--workspace', 'local', '--plan', 'offline', '--build', '7', `${CORPUS}${PYTEST_FAIL}`, `${CORPUS}${NUNIT_HEALTH}`], io, GITHUB);
    expect(code).toBe(0);
    expect(out).toEqual([expect.stringMatching(/^Run \d+: FAILURE, 15 tests: 12 passed, 2 failed, 1 skipped from 2 files \(junit, nunit\)$/)]);
    const store = openStore({ sqlitePath: db });
    try {
      const run = await store.db.selectFrom('test_runs').selectAll().executeTakeFirstOrThrow();
      expect(run).toMatchObject({ build_no: '7', total_count: 15, result: 'FAILURE' });
      expect(JSON.parse(run.environment!)).toMatchObject({ ci: 'GitHub Actions', commit: 'abc123' });
    } finally {
      await store.close();
    }
  });

  itWithCorpus('exits 2 and stores nothing for a malformed report', async () => {
    const db = join(dir, 'bad.db');
    const { io, out, err } = captureIo();
    expect(await importCommand(['--db', db, '--workspace', 'local', '--plan', 'offline', `${CORPUS}${PYTEST_FAIL}`, CUT_IN_ROOT], io, {})).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toMatch(/truncated-in-root-tag\.xml:2:\d+: /);
    const store = openStore({ sqlitePath: db });
    try {
      expect(await store.db.selectFrom('test_runs').selectAll().execute()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
