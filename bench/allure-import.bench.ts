/**
 * Allure results, end to end: a generated 10,000-result `allure-results/` directory (bench/generate-allure-results.ts:
 * about 16,000 files, 51 MB, with retries, containers, parameter sets and attachments) from `verdict upload DIR`
 * (tar, gzip, multipart) to a run a person can browse on a running server (SQLite; PostgreSQL too with
 * BENCH_DATABASE_URL), against `allure generate` on the same directory (npm allure-commandline on the machine's
 * Java, with ALLURE_NO_ANALYTICS=1 inside `unshare -n`, as bench/peer-allure.bench.ts runs it).
 * Checks that the run holds the designed tests before it prints a figure. Besides wall time it prints the CPU
 * seconds each side spent (the server's, from /proc; Allure's, from /usr/bin/time): the machine is shared, and
 * CPU time holds when the wall clock does not.
 *
 *   node --import tsx bench/allure-import.bench.ts [--results 10000]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { uploadCommand } from '../src/cli/commands/upload.js';
import { run as cli } from '../src/cli/main.js';
import { freePort } from '../test/helpers/server-process.js';
import { createScratchDatabase } from '../test/helpers/scratch-database.js';
import { generateAllureResults } from './generate-allure-results.js';
import { printTable } from './support.js';

const { values } = parseArgs({ options: { results: { type: 'string', default: '10000' } } });
const count = Number(values.results);
const dir = mkdtempSync(join(tmpdir(), 'verdict-allure-bench-'));
const results = join(dir, 'allure-results');
const t0 = performance.now();
const summary = generateAllureResults(results, count);
console.log(`generated ${summary.results} results (${summary.tests} tests), ${readdirSync(results).length} files, ${(summary.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

const rows: Record<string, string | number>[] = [];
const databases: { name: string; env: Record<string, string>; drop?: () => Promise<void> }[] = [{ name: 'sqlite', env: {} }];
if (process.env.BENCH_DATABASE_URL) {
  const scratch = await createScratchDatabase(process.env.BENCH_DATABASE_URL, 'verdict_bench');
  databases.push({ name: 'postgres', env: { DATABASE_URL: scratch.url }, drop: scratch.drop });
} else console.log('(PostgreSQL skipped: set BENCH_DATABASE_URL)');

for (const database of databases) {
  const db = join(dir, `${database.name}.db`);
  const env = { ...process.env, ...database.env, LOG_LEVEL: 'warn', VERDICT_RATE_LIMIT: '0', VERDICT_BODY_LIMIT_MB: '1024', VERDICT_ATTACHMENTS_DIR: join(dir, `attachments-${database.name}`) };
  let key = '';
  // `keys create` reads DATABASE_URL from the environment, as the server does.
  const saved = process.env.DATABASE_URL;
  if (database.env.DATABASE_URL) process.env.DATABASE_URL = database.env.DATABASE_URL;
  await cli(['keys', 'create', ...(database.env.DATABASE_URL ? [] : ['--db', db]), '--workspace', 'bench', '--name', 'bench'], { out: (l) => (key = l), err: () => {} });
  if (saved === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = saved;
  const port = await freePort();
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'serve', ...(database.env.DATABASE_URL ? [] : ['--db', db]), '--port', String(port)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const idleRss = rssMb(server.pid!, 'VmRSS');
  const cpuBefore = cpuSeconds(server.pid!);
  const t1 = performance.now();
  const out: string[] = [];
  const errors: string[] = [];
  const code = await uploadCommand(['--server', base, '--key', key, '--plan', 'allure-bench', '--json', results], { out: (l) => out.push(l), err: (l) => errors.push(l) }, {});
  const runId = code === 0 ? (JSON.parse(out.join('\n')) as { id: number }).id : undefined;
  if (!runId) throw new Error(`upload failed (exit ${code}): ${errors.join('\n').slice(0, 1000)}`);
  const headers = { authorization: `Bearer ${key}` };
  await (await fetch(`${base}/api/v3/test_runs/${runId}`, { headers })).json();
  const verdictMs = performance.now() - t1;
  const leaves = (await (await fetch(`${base}/api/v3/test_runs/${runId}/test_case_results?size=1&query=isDataDriven:false`, { headers })).json()) as { totalElements: number };
  if (leaves.totalElements !== summary.tests) throw new Error(`expected ${summary.tests} tests, the run has ${leaves.totalElements}`);
  const peakRss = rssMb(server.pid!, 'VmHWM');
  const serverCpu = cpuSeconds(server.pid!) - cpuBefore;
  server.kill('SIGTERM');
  await database.drop?.();
  rows.push({ db: database.name, results: summary.results, tests: summary.tests, 'verdict upload + GET': `${(verdictMs / 1000).toFixed(2)} s`, 'results/s': Math.round(summary.results / (verdictMs / 1000)), 'CPU s (server)': serverCpu.toFixed(1), 'server RSS idle → peak MB': `${idleRss} → ${peakRss}` });
}

if (spawnSync('java', ['-version']).status === 0) {
  const out = join(dir, 'allure-report');
  const t2 = performance.now();
  const a = spawnSync('/usr/bin/time', ['-f', '%U %S %M', 'unshare', '-n', join(process.cwd(), 'node_modules/.bin/allure'), 'generate', results, '-o', out, '--clean'], { env: { ...process.env, ALLURE_NO_ANALYTICS: '1' }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const allureMs = performance.now() - t2;
  const [user, system, kb] = a.stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  const peak = Math.round(kb! / 1024);
  const widget = JSON.parse(readFileSync(join(out, 'widgets', 'summary.json'), 'utf8')) as { statistic: { total: number } };
  if (widget.statistic.total !== summary.tests) console.log(`(allure generate counted ${widget.statistic.total} tests of ${summary.tests})`);
  rows.push({ db: '(allure generate 2.46.1)', results: summary.results, tests: widget.statistic.total, 'verdict upload + GET': `${(allureMs / 1000).toFixed(2)} s`, 'results/s': Math.round(summary.results / (allureMs / 1000)), 'CPU s (server)': (user! + system!).toFixed(1), 'server RSS idle → peak MB': `peak ${peak}` });
  for (const row of rows.slice(0, -1)) row['faster than allure generate'] = `${(allureMs / (Number.parseFloat(String(row['verdict upload + GET'])) * 1000)).toFixed(1)}x`;
} else console.log('(allure generate skipped: no Java on this machine)');

printTable(`An Allure results directory (${summary.results} results) to browsable results: verdict upload vs allure generate`, rows);
rmSync(dir, { recursive: true, force: true });

/** User + system CPU seconds of a process so far (/proc/<pid>/stat, clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field));
    return Math.round(Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN) / 1024);
  } catch {
    return NaN;
  }
}
