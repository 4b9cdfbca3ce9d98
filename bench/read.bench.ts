/**
 * Read throughput under load (autocannon on loopback, 10 connections, 10 s each):
 *   R1  GET /api/v3/test_runs/{id}                       (a run with its metrics)
 *   R8  GET /api/v2/test_runs/{id}/test_case_results?query=result:FAILURE&size=50  (a filtered page)
 * against the ceiling, a bare Fastify + better-sqlite3 primary-key read, measured in the same run.
 * Targets: R1 at 70% of the ceiling, R8 at 40%.
 *
 *   node --import tsx bench/read.bench.ts [--seconds 10]
 */
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createApiKey } from '../src/auth/api-keys.js';
import { ingestDocument } from '../src/ingest/index.js';
import { ensureWorkspace } from '../src/store/workspace-repository.js';
import { generatedRun } from '../test/helpers/documents.js';
import { freePort } from '../test/helpers/server-process.js';
import { benchDatabases, printTable } from './support.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '10' } } });
const duration = Number(values.seconds);

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

type Load = Awaited<ReturnType<typeof load>>;
const rows: Record<string, string | number>[] = [];
/** The ceiling is a SQLite figure; PostgreSQL rows are compared with it too. */
let ceilingRps = NaN;
for (const database of benchDatabases()) {
  const { store, sqlitePath, url, drop } = await database.open();
  const ws = await ensureWorkspace(store.db, store.traits, 'bench', Date.now());
  const { key } = await createApiKey(store, 'bench', 'bench', Date.now());
  const runId = await ingestDocument(store, ws, generatedRun(10_000, 'Read bench'), { now: Date.now() });
  await store.close();

  const verdictPort = await freePort();
  const verdict = startChild(['src/cli/run.ts', 'serve', '--port', String(verdictPort), ...(sqlitePath ? ['--db', sqlitePath] : [])], url ? { DATABASE_URL: url } : {});
  await waitFor(`http://127.0.0.1:${verdictPort}/healthz`);
  const auth = { authorization: `Bearer ${key}` };
  const r1 = await load(`http://127.0.0.1:${verdictPort}/api/v3/test_runs/${runId}`, auth);
  const r8 = await load(`http://127.0.0.1:${verdictPort}/api/v2/test_runs/${runId}/test_case_results?query=result:FAILURE&size=50`, auth);
  verdict.kill('SIGTERM');

  let ceiling = { rps: NaN, p50: NaN, p99: NaN };
  if (sqlitePath) {
    const ceilingPort = await freePort();
    const bare = startChild(['bench/ceiling-server.ts', sqlitePath, String(ceilingPort)]);
    await waitFor(`http://127.0.0.1:${ceilingPort}/runs/${runId}`);
    ceiling = await load(`http://127.0.0.1:${ceilingPort}/runs/${runId}`);
    bare.kill('SIGTERM');
    ceilingRps = ceiling.rps;
  }
  const measured: [string, Load][] = [['R1 run + metrics', r1], ['R8 filtered page of 50', r8]];
  if (sqlitePath) measured.push(['ceiling: bare PK read', ceiling]);
  for (const [name, r] of measured) {
    rows.push({ database: database.name, request: name, 'req/s': Math.round(r.rps), 'p50 ms': r.p50, 'p99 ms': r.p99, 'ratio to ceiling': `${((r.rps / ceilingRps) * 100).toFixed(0)}%` });
  }
  await drop();
}
printTable(`Read throughput, autocannon 10 connections x ${duration} s (ceiling: bare Fastify + better-sqlite3 by primary key)`, rows);

