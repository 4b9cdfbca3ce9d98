/**
 * Read throughput under load (autocannon on loopback, 10 connections, N seconds each), on each database:
 *   R1  GET /api/v3/test_runs/{id}                                                   a run with its metrics
 *   R8  GET /api/v2/test_runs/{id}/test_case_results?query=result:FAILURE&size=50    a filtered page of 50
 * each beside its ceiling, measured in the same run by bench/ceiling-server.ts:
 *   R1: bare Fastify + the database's driver reading the run row by primary key   (targets: SQLite 0.70, PostgreSQL 0.50)
 *   R8: bare Fastify replaying the statements Verdict ran for that very request (page ids, count, rows; the
 *       key lookup left out), recorded through the store's query log, then serializing the recorded body (target 0.50)
 *
 *   node --import tsx bench/read.bench.ts [--seconds 10]
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createApiKey } from '../src/auth/api-keys.js';
import { buildApp } from '../src/http/app.js';
import { ingestDocument } from '../src/ingest/index.js';
import { openStore } from '../src/store/dialect.js';
import { ensureWorkspace } from '../src/store/workspace-repository.js';
import { generatedRun } from '../test/helpers/documents.js';
import { freePort } from '../test/helpers/server-process.js';
import { benchDatabases, printTable } from './support.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });
const duration = Number(values.seconds);
const TARGETS = { sqlite: { R1: 0.7, R8: 0.5 }, postgres: { R1: 0.5, R8: 0.5 } };

async function waitFor(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`no server at ${url}`);
}

function startChild(args: string[], env: Record<string, string> = {}) {
  return spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...process.env, LOG_LEVEL: 'warn', VERDICT_RATE_LIMIT: '0', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function load(url: string, headers: Record<string, string> = {}) {
  const r = await autocannon({ url, connections: 10, duration, headers });
  if (r.non2xx || r.errors) throw new Error(`${url}: ${r.non2xx} non-2xx, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 };
}

/** The statements one request ran, after its key was looked up, and its body: what the R8 ceiling replays. */
async function recordRequest(connection: { sqlitePath?: string; url?: string }, key: string, url: string) {
  const statements: { sql: string; parameters: unknown[] }[] = [];
  const store = openStore(connection.url ? { databaseUrl: connection.url } : { sqlitePath: connection.sqlitePath }, { onQuery: (sql, parameters) => statements.push({ sql, parameters: [...parameters] }) });
  const app = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, publicUrl: 'http://127.0.0.1', logLevel: 'silent' }, clock: Date.now, logger: false, schedule: () => () => {} });
  const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
  await app.close();
  await store.close();
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
  const afterAuth = statements.filter((s) => !/\bapi_keys\b/.test(s.sql));
  const file = join(mkdtempSync(join(tmpdir(), 'verdict-replay-')), 'replay.json');
  writeFileSync(file, JSON.stringify({ statements: afterAuth, body: res.json() }));
  return { file, statements: afterAuth.length, bytes: res.body.length };
}

type Load = Awaited<ReturnType<typeof load>>;
const rows: Record<string, string | number>[] = [];
for (const database of benchDatabases()) {
  const { store, sqlitePath, url, drop } = await database.open();
  const ws = await ensureWorkspace(store.db, store.traits, 'bench', Date.now());
  const { key } = await createApiKey(store, 'bench', 'bench', Date.now());
  const runId = await ingestDocument(store, ws, generatedRun(10_000, 'Read bench'), { now: Date.now() });
  await store.close();
  const r8Path = `/api/v2/test_runs/${runId}/test_case_results?query=result:FAILURE&size=50`;
  const replay = await recordRequest({ sqlitePath, url }, key, r8Path);

  const verdictPort = await freePort();
  const verdict = startChild(['src/cli/run.ts', 'serve', '--port', String(verdictPort), ...(sqlitePath ? ['--db', sqlitePath] : [])], url ? { DATABASE_URL: url } : {});
  await waitFor(`http://127.0.0.1:${verdictPort}/healthz`);
  const auth = { authorization: `Bearer ${key}` };
  const r1 = await load(`http://127.0.0.1:${verdictPort}/api/v3/test_runs/${runId}`, auth);
  const r8 = await load(`http://127.0.0.1:${verdictPort}${r8Path}`, auth);
  verdict.kill('SIGTERM');

  const ceilingPort = await freePort();
  const bare = startChild(['bench/ceiling-server.ts', ...(sqlitePath ? ['--sqlite', sqlitePath] : ['--pg', url!]), '--port', String(ceilingPort), '--replay', replay.file]);
  await waitFor(`http://127.0.0.1:${ceilingPort}/runs/${runId}`);
  const r1Ceiling = await load(`http://127.0.0.1:${ceilingPort}/runs/${runId}`);
  const r8Ceiling = await load(`http://127.0.0.1:${ceilingPort}/replay`);
  bare.kill('SIGTERM');

  const driver = sqlitePath ? 'better-sqlite3' : 'pg';
  const measured: [string, Load, Load, number][] = [
    ['R1 run + metrics', r1, r1Ceiling, TARGETS[database.name].R1],
    ['R8 filtered page of 50', r8, r8Ceiling, TARGETS[database.name].R8],
  ];
  for (const [name, r, ceiling, target] of measured) {
    const ratio = r.rps / ceiling.rps;
    rows.push({ database: database.name, request: name, 'req/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99, 'ceiling req/s': Math.round(ceiling.rps), ratio: ratio.toFixed(2), target, met: ratio >= target ? 'yes' : 'no' });
  }
  console.log(`${database.name}: R1 ceiling = bare Fastify + ${driver} by primary key; R8 ceiling = ${replay.statements} statements replayed + a ${replay.bytes}-byte body`);
  await drop();
}
printTable(`Read throughput, autocannon 10 connections x ${duration} s, each beside its ceiling`, rows);
