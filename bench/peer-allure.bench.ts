/**
 * Peer, end to end: the same JUnit file from "import" to "results a person can browse".
 *   Verdict: POST /api/v3/imports (streamed) to a running server, then GET the run (R1).
 *   Allure:  `allure generate` (npm allure-commandline, on the machine's Java) into a static report.
 * Allure is run with ALLURE_NO_ANALYTICS=1 inside `unshare -n` (loopback only), as it phones home.
 * Target: Verdict 100x faster.
 *
 *   node --import tsx bench/peer-allure.bench.ts [--sizes 3400,100000]
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { run as cli } from '../src/cli/main.js';
import { freePort } from '../test/helpers/server-process.js';
import { printTable } from './support.js';

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '3400,100000' } } });
const sizes = values.sizes!.split(',').map(Number);
const dir = mkdtempSync(join(tmpdir(), 'verdict-peer-'));
const db = join(dir, 'verdict.db');
let key = '';
await cli(['keys', 'create', '--db', db, '--workspace', 'bench', '--name', 'bench'], { out: (l) => (key = l), err: () => {} });
const port = await freePort();
const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'serve', '--db', db, '--port', String(port)], {
  env: { ...process.env, LOG_LEVEL: 'warn', VERDICT_RATE_LIMIT: '0', VERDICT_BODY_LIMIT_MB: '1024' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
for (let i = 0; i < 300; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    await new Promise((r) => setTimeout(r, 100));
  }
}

const allure = join(process.cwd(), 'node_modules/.bin/allure');
const hasJava = spawnSync('java', ['-version']).status === 0;
const rows: Record<string, string | number>[] = [];
for (const cases of sizes) {
  const results = join(dir, `results-${cases}`);
  mkdirSync(results);
  const file = join(results, 'junit.xml');
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-junit.ts', String(cases), file], { stdio: 'ignore' });
  const mb = (statSync(file).size / 1e6).toFixed(1);

  const t0 = performance.now();
  const res = await fetch(`${base}/api/v3/imports?plan=peer-${cases}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/xml' },
    body: Readable.toWeb(createReadStream(file)) as ReadableStream,
    duplex: 'half',
  } as RequestInit);
  const imported = (await res.json()) as { id?: number; run?: { id: number } };
  const runId = imported.id ?? imported.run?.id;
  if (res.status !== 201 || !runId) throw new Error(`import failed: ${res.status} ${JSON.stringify(imported).slice(0, 300)}`);
  const browse = await fetch(`${base}/api/v3/test_runs/${runId}`, { headers: { authorization: `Bearer ${key}` } });
  const total = ((await browse.json()) as { metrics: { totalCount: number } }).metrics.totalCount;
  const verdictMs = performance.now() - t0;
  if (total !== cases) throw new Error(`expected ${cases} cases, the run has ${total}`);

  let allureMs = NaN;
  let allureRss = NaN;
  if (hasJava) {
    const out = join(dir, `allure-${cases}`);
    const t1 = performance.now();
    const a = spawnSync('/usr/bin/time', ['-f', '%M', 'unshare', '-n', allure, 'generate', results, '-o', out, '--clean'], {
      env: { ...process.env, ALLURE_NO_ANALYTICS: '1' },
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    allureMs = performance.now() - t1;
    allureRss = Number(a.stderr.trim().split('\n').at(-1)) / 1024;
    const generated = readdirSync(join(out, 'data', 'test-cases')).length;
    if (generated !== cases) console.log(`(allure generated ${generated} test cases of ${cases})`);
  } else console.log('(Allure skipped: no Java on this machine)');

  rows.push({
    cases,
    'file MB': mb,
    'Verdict import + GET': `${(verdictMs / 1000).toFixed(2)} s`,
    'allure generate': `${(allureMs / 1000).toFixed(1)} s`,
    'Allure peak RSS MB': Math.round(allureRss),
    'Verdict faster by': `${(allureMs / verdictMs).toFixed(0)}x`,
  });
}
server.kill('SIGTERM');
printTable('From a JUnit file to browsable results: Verdict (server running, SQLite) vs `allure generate`', rows);
rmSync(dir, { recursive: true, force: true });
