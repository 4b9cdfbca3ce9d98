/**
 * One-shot ingestion of a 10,000-case run (POST /api/v3/test_runs, ~30,000 steps) through a real server
 * on loopback, then GET of the run's metrics (R1), on SQLite and PostgreSQL.
 *
 *   node --import tsx bench/ingest-run.bench.ts [--cases 10000]
 */
import { parseArgs } from 'node:util';
import { generatedRun } from '../test/helpers/documents.js';
import { benchDatabases, benchServer, ms, printTable, timeRequests } from './support.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, repeat: { type: 'string', default: '3' } } });
const cases = Number(values.cases);
const repeat = Number(values.repeat);

const rows: Record<string, string | number>[] = [];
for (const database of benchDatabases()) {
  const { store, drop } = await database.open();
  const server = await benchServer(store);
  const body = JSON.stringify(generatedRun(cases, 'Bench'));
  const ingestTimes: number[] = [];
  let runId = 0;
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    const res = await fetch(`${server.base}/api/v3/test_runs`, { method: 'POST', headers: server.headers, body });
    const json = (await res.json()) as { id: number; metrics: { totalCount: number } };
    ingestTimes.push(performance.now() - t0);
    if (res.status !== 201 || json.metrics.totalCount !== cases) throw new Error(`ingest failed: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    runId = json.id;
  }
  ingestTimes.sort((a, b) => a - b);
  const get = await timeRequests(300, async () => {
    const res = await fetch(`${server.base}/api/v3/test_runs/${runId}`, { headers: server.headers });
    await res.arrayBuffer();
  });
  rows.push({
    database: database.name,
    cases,
    'body MB': (body.length / 1e6).toFixed(1),
    'ingest (median of 3)': ms(ingestTimes[Math.floor(ingestTimes.length / 2)]!),
    'cases/s': Math.round(cases / (ingestTimes[Math.floor(ingestTimes.length / 2)]! / 1000)),
    'GET R1 p50': ms(get.p50),
    'GET R1 p99': ms(get.p99),
  });
  await server.app.close();
  await drop();
}
printTable(`One-shot ingestion of a ${cases}-case run, and GET of its metrics`, rows);
