/**
 * End-to-end import of generated JUnit reports (scripts/generate-junit.ts: 10% failed, 4% skipped,
 * 30% with system-out) through a real listening server, streamed as `POST /api/v3/imports`:
 * cases per second and the server's peak RSS, for a ~10 MB and a ~50 MB file, on SQLite and on
 * PostgreSQL (BENCH_DATABASE_URL; skipped with a note when unset).
 *
 *   node --import tsx bench/import.bench.ts            # both sizes
 *   BENCH_SIZES=20000 node --import tsx bench/import.bench.ts
 *
 * For comparison it prints the ceilings: the parser alone, and the same rows (case results and test-case
 * identities) inserted by a bare script (better-sqlite3 prepared multi-row inserts / pg multi-row INSERTs
 * in one transaction). The server runs as a child process (a fresh one per measurement, so each peak is
 * its own); its peak RSS is VmHWM from /proc/<pid>/status. BENCH_CPU_PROF=DIR writes the server's CPU
 * profiles there (node --cpu-prof).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { junitReport } from '../scripts/generate-junit.js';
import { createScratchDatabase } from '../test/helpers/scratch-database.js';

const SELF = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------------------------------
// The server side: `--serve` starts Verdict on a port, creates a key and tells the parent both.
async function serve() {
  const { buildApp } = await import('../src/http/app.js');
  const { createApiKey } = await import('../src/auth/api-keys.js');
  const { openStore } = await import('../src/store/dialect.js');
  const { migrateToLatest } = await import('../src/store/migrate.js');
  const store = openStore(process.env.BENCH_URL ? { databaseUrl: process.env.BENCH_URL } : { sqlitePath: process.env.BENCH_SQLITE! });
  await migrateToLatest(store);
  const app = await buildApp({ store, config: { bodyLimitBytes: 1024 * 1024 * 1024, publicUrl: 'http://bench', logLevel: 'silent' }, clock: Date.now, logger: false });
  const { key } = await createApiKey(store, 'bench', 'bench', Date.now());
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send!({ port: (app.server.address() as { port: number }).port, key });
  process.on('message', async () => {
    await app.close();
    await store.close();
    process.exit(0);
  });
}

interface Row {
  db: string;
  what: string;
  cases: number;
  mb: number;
  seconds: number;
  rssMb?: number;
}

async function main() {
  const sizes = (process.env.BENCH_SIZES ?? '20000,100000').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'verdict-import-bench-'));
  const rows: Row[] = [];
  try {
    const files = [];
    for (const n of sizes) files.push({ cases: n, path: await generate(n, join(dir, `junit-${n}.xml`)) });

    for (const f of files) rows.push({ db: '-', what: 'parse only (ceiling)', cases: f.cases, mb: mb(f.path), seconds: await parseOnly(f.path) });

    for (const f of files) {
      const sqlitePath = join(dir, `server-${f.cases}.db`);
      rows.push({ db: 'sqlite', what: 'POST /imports (server)', cases: f.cases, mb: mb(f.path), ...(await throughServer(f.path, { BENCH_SQLITE: sqlitePath })) });
      rows.push({ db: 'sqlite', what: 'bare insert (ceiling)', cases: f.cases, mb: mb(f.path), seconds: await bareSqlite(f.path, join(dir, `bare-${f.cases}.db`)) });
    }

    const admin = process.env.BENCH_DATABASE_URL;
    if (!admin) console.log('BENCH_DATABASE_URL is not set: the PostgreSQL rows are skipped.');
    else {
      for (const f of files) {
        const served = await createScratchDatabase(admin, 'verdict_bench');
        try {
          rows.push({ db: 'postgres', what: 'POST /imports (server)', cases: f.cases, mb: mb(f.path), ...(await throughServer(f.path, { BENCH_URL: served.url })) });
        } finally {
          await served.drop();
        }
        const bare = await createScratchDatabase(admin, 'verdict_bench');
        try {
          rows.push({ db: 'postgres', what: 'bare insert (ceiling)', cases: f.cases, mb: mb(f.path), seconds: await barePostgres(f.path, bare.url) });
        } finally {
          await bare.drop();
        }
      }
    }
    printTable(rows);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function generate(cases: number, path: string): Promise<string> {
  const out = createWriteStream(path);
  for (const piece of junitReport(cases)) if (!out.write(piece)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
  return path;
}

const mb = (path: string) => statSync(path).size / 1024 / 1024;

async function parseOnly(path: string): Promise<number> {
  const { junitImporter } = await import('../src/importers/junit-importer.js');
  const { normalizeCase } = await import('../src/core/normalize-case.js');
  const start = performance.now();
  for await (const e of junitImporter.parse(createReadStream(path), { fileName: 'bench.xml' })) if (e.kind === 'case') normalizeCase(e.case, e.suite.name);
  return (performance.now() - start) / 1000;
}

async function throughServer(path: string, env: Record<string, string>): Promise<{ seconds: number; rssMb: number }> {
  const child = fork(SELF, ['--serve'], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])], env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const [{ port, key }] = (await once(child, 'message')) as [{ port: number; key: string }];
    const start = performance.now();
    const { status, body } = await post(port, key, path);
    const seconds = (performance.now() - start) / 1000;
    if (status !== 201) throw new Error(`import answered ${status}: ${body.slice(0, 300)}`);
    return { seconds, rssMb: peakRss(child) };
  } finally {
    child.send('stop');
    await Promise.race([once(child, 'exit'), new Promise((r) => setTimeout(r, 5000))]);
    child.kill();
  }
}

function post(port: number, key: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v3/imports?plan=bench', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(parts).toString() }));
    });
    req.on('error', reject);
    createReadStream(path).pipe(req);
  });
}

/** VmHWM: the most resident memory the process ever had, in MiB. */
function peakRss(child: ChildProcess): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

/** The rows the sink writes for each case, in memory (the ceiling's input, built before timing). */
async function rowsOf(path: string) {
  const { junitImporter } = await import('../src/importers/junit-importer.js');
  const { normalizeCase } = await import('../src/core/normalize-case.js');
  const { countColumns } = await import('../src/store/metric-columns.js');
  const rows: Record<string, unknown>[] = [];
  const identities: string[] = [];
  let id = 0;
  for await (const e of junitImporter.parse(createReadStream(path), { fileName: 'bench.xml' })) {
    if (e.kind !== 'case') continue;
    const r = normalizeCase(e.case, e.suite.name);
    if (!r.ok) throw new Error(r.problem.message);
    const c = r.case;
    id++;
    identities.push(c.identity);
    rows.push({
      id, workspace_id: 1, test_run_id: 1, machine_result_id: 1, suite_result_id: 1 + Math.floor(id / 100), suite_id: 1 + Math.floor(id / 100), test_case_id: id,
      parent_id: null, iteration: null, data_set_name: null, position: id % 100, name: c.name, message: c.message, skipped: c.skipped ? 1 : 0, is_data_driven: 0, is_disabled: 0,
      flaky: c.flaky ? 1 : 0, error_type: c.errorType, stack_trace: c.stackTrace, system_out: c.systemOut, system_err: c.systemErr, attempts: null,
      properties: c.properties ? JSON.stringify(c.properties) : null, result_given: 1, result: c.result, status: c.status, start_time: c.startTime, end_time: c.endTime,
      duration: c.duration, re_run_parent_id: null, client_key: null, created_at: 0, updated_at: 0, ...countColumns(c.counts), metrics_id: id, latest_result: c.result, consolidated_duration: c.duration,
    });
  }
  return { rows, identities };
}

async function migrated(config: { sqlitePath?: string; databaseUrl?: string }) {
  const { openStore } = await import('../src/store/dialect.js');
  const { migrateToLatest } = await import('../src/store/migrate.js');
  const store = openStore(config);
  await migrateToLatest(store);
  await store.close();
}

async function bareSqlite(path: string, dbPath: string): Promise<number> {
  await migrated({ sqlitePath: dbPath });
  const { rows, identities } = await rowsOf(path);
  const db = new SQLite(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const columns = Object.keys(rows[0]!);
  const perStatement = Math.floor(32_000 / columns.length);
  const statement = (n: number) => db.prepare(`insert into case_results (${columns.join(',')}) values ${Array.from({ length: n }, () => `(${columns.map(() => '?').join(',')})`).join(',')}`);
  const identityStatement = (n: number) => db.prepare(`insert into test_cases (id, workspace_id, identity, name) values ${Array.from({ length: n }, () => '(?,?,?,?)').join(',')}`);
  const start = performance.now();
  db.transaction(() => {
    const full = statement(perStatement);
    for (let i = 0; i < rows.length; i += perStatement) {
      const part = rows.slice(i, i + perStatement);
      (part.length === perStatement ? full : statement(part.length)).run(part.flatMap((r) => columns.map((c) => r[c] as never)));
    }
    for (let i = 0; i < identities.length; i += 5000) {
      const part = identities.slice(i, i + 5000);
      identityStatement(part.length).run(part.flatMap((identity, k) => [i + k + 1, 1, identity, identity]));
    }
  })();
  const seconds = (performance.now() - start) / 1000;
  db.close();
  return seconds;
}

async function barePostgres(path: string, url: string): Promise<number> {
  await migrated({ databaseUrl: url });
  const { rows, identities } = await rowsOf(path);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const columns = Object.keys(rows[0]!);
  const perStatement = Math.floor(65_000 / columns.length);
  const start = performance.now();
  await client.query('begin');
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    const values = part.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(',')})`).join(',');
    await client.query(`insert into case_results (${columns.join(',')}) values ${values}`, part.flatMap((r) => columns.map((c) => r[c])));
  }
  for (let i = 0; i < identities.length; i += 10_000) {
    const part = identities.slice(i, i + 10_000);
    await client.query('insert into test_cases (id, workspace_id, identity, name) select * from unnest($1::int[], $2::int[], $3::text[], $4::text[])', [part.map((_, k) => i + k + 1), part.map(() => 1), part, part]);
  }
  await client.query('commit');
  const seconds = (performance.now() - start) / 1000;
  await client.end();
  return seconds;
}

function printTable(rows: Row[]) {
  const ceilingOf = (r: Row) => rows.find((c) => c.db === r.db && c.cases === r.cases && c.what.startsWith('bare'));
  const parseOf = (r: Row) => rows.find((c) => c.db === '-' && c.cases === r.cases);
  console.log('\n| database | what | cases | file MB | seconds | cases/s | server peak RSS MB | vs bare insert | vs parse + bare insert |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const server = r.what.startsWith('POST');
    const bare = server ? ceilingOf(r) : undefined;
    const parse = server ? parseOf(r) : undefined;
    const ratio = bare ? `${Math.round((bare.seconds / r.seconds) * 100)}%` : '';
    const ratio2 = bare && parse ? `${Math.round(((bare.seconds + parse.seconds) / r.seconds) * 100)}%` : '';
    console.log(`| ${r.db} | ${r.what} | ${r.cases} | ${r.mb.toFixed(1)} | ${r.seconds.toFixed(2)} | ${Math.round(r.cases / r.seconds)} | ${r.rssMb?.toFixed(0) ?? ''} | ${ratio} | ${ratio2} |`);
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
