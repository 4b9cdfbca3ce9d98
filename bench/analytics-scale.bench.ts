/**
 * Analytics and triage at scale: every cross-run request (plans, trend, failing, flip-rate and retry
 * flaky tests, a test's history, failure groups with first-seen, compare) over a workspace of 10k, 100k
 * and 1M case results (5 step results each; bench/analytics-fill.ts says what is in it), on SQLite and
 * PostgreSQL, through the whole app (auth, validation, SQL, presenters) with app.inject().
 *
 *   node --import tsx bench/analytics-scale.bench.ts [--cases N] [--db sqlite|postgres] [--quick] [--reps R] [--plans] [--only text]
 *
 * `--cases N` is the largest size (default 1,000,000); `--quick` measures 10k and 100k only; `--reps`
 * timed requests per figure (default 100, after 3 warm-ups); `--plans` prints, for each request at the
 * largest size, every statement it ran with its time and plan (EXPLAIN QUERY PLAN on SQLite, EXPLAIN
 * (ANALYZE, BUFFERS) on PostgreSQL); `--only` keeps the requests whose name contains the text.
 * PostgreSQL needs BENCH_DATABASE_URL (a server where this script may create and drop a scratch database).
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CompiledQuery, type KyselyPlugin, type QueryId, type RootOperationNode } from 'kysely';
import { buildApp } from '../src/http/app.js';
import { openStore, type Store } from '../src/store/dialect.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createScratchDatabase } from '../test/helpers/scratch-database.js';
import { fillAnalytics, NOW, type AnalyticsFixture, type Kind } from './analytics-fill.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const MAX_CASES = Number(arg('cases') ?? 1_000_000);
const QUICK = args.includes('--quick');
const PLANS = args.includes('--plans');
const ONLY = arg('only');
const REPS = Number(arg('reps') ?? 100);
const DBS: Kind[] = arg('db') ? [arg('db') as Kind] : ['sqlite', 'postgres'];
const SIZES = [...new Set((QUICK ? [10_000, 100_000] : [10_000, 100_000, MAX_CASES]).filter((n) => n <= MAX_CASES))];

async function openScratch(kind: Kind): Promise<{ store: Store; drop: () => Promise<void> } | undefined> {
  if (kind === 'sqlite') {
    const path = `/tmp/verdict-analytics-${randomBytes(3).toString('hex')}.db`;
    const store = openStore({ sqlitePath: path });
    return { store, drop: async () => { await store.close(); for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true }); } };
  }
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) return undefined;
  const scratch = await createScratchDatabase(url, 'verdict_bench');
  const store = openStore({ databaseUrl: scratch.url });
  return { store, drop: async () => { await store.close(); await scratch.drop(); } };
}

/** The requests measured, by name; paths under /api/v3. */
function requests(f: AnalyticsFixture): { name: string; url: string }[] {
  const { nightly, smoke } = f.plans;
  return [
    { name: 'plans overview', url: '/test_plans' },
    { name: 'one plan (nightly)', url: `/test_plans/${nightly}` },
    { name: 'trend (nightly, 30 runs)', url: `/test_plans/${nightly}/trend` },
    { name: 'failing_tests (nightly)', url: `/test_plans/${nightly}/failing_tests` },
    { name: 'failing_tests (smoke, 8 rows)', url: `/test_plans/${smoke}/failing_tests` },
    { name: 'flaky_tests (nightly)', url: `/test_plans/${nightly}/flaky_tests` },
    { name: 'flaky_tests (smoke, 8 rows)', url: `/test_plans/${smoke}/flaky_tests?minFlips=1` },
    { name: 'retry_flaky_tests (nightly)', url: `/test_plans/${nightly}/retry_flaky_tests` },
    { name: 'retry_flaky_tests (smoke, 8 rows)', url: `/test_plans/${smoke}/retry_flaky_tests` },
    { name: 'history (flaky test)', url: `/test_cases/${f.flakyTest}/history` },
    { name: 'history (flaky test, nightly)', url: `/test_cases/${f.flakyTest}/history?planId=${nightly}` },
    { name: 'history (smoke test, smoke plan)', url: `/test_cases/${f.smokeTest}/history?planId=${smoke}` },
    { name: 'failure_groups (latest nightly)', url: `/test_runs/${f.latestNightlyRun}/failure_groups` },
    { name: 'compare (latest nightly, default base)', url: `/test_runs/${f.latestNightlyRun}/compare` },
  ].filter((r) => !ONLY || r.name.includes(ONLY));
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

type App = Awaited<ReturnType<typeof buildApp>>;

async function time(app: App, url: string, key: string, reps: number) {
  const samples: number[] = [];
  let body = '';
  for (let i = 0; i < reps + 3; i++) {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url: `/api/v3${url}`, headers: { authorization: `Bearer ${key}` } });
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    body = res.body;
    if (i >= 3) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), body };
}

/** Records the statements a request runs (compiled later, to time and explain them one by one). */
function recorder() {
  const seen: { node: RootOperationNode; queryId: QueryId }[] = [];
  const plugin: KyselyPlugin = {
    transformQuery: (a) => (seen.push({ node: a.node, queryId: a.queryId }), a.node),
    transformResult: async (a) => a.result,
  };
  return { plugin, seen };
}

async function explainRequest(kind: Kind, store: Store, app: App, seen: ReturnType<typeof recorder>['seen'], url: string, key: string) {
  seen.length = 0;
  await app.inject({ method: 'GET', url: `/api/v3${url}`, headers: { authorization: `Bearer ${key}` } });
  const statements = seen.map((s) => store.db.getExecutor().compileQuery(s.node, s.queryId)).filter((q) => !/api_keys/.test(q.sql));
  for (const q of statements) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await store.db.executeQuery(CompiledQuery.raw(q.sql, [...q.parameters]));
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const prefix = kind === 'sqlite' ? 'explain query plan ' : 'explain (analyze, buffers, costs off, timing off, summary on) ';
    const plan = await store.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + q.sql, [...q.parameters]));
    const lines = plan.rows.map((row) => (kind === 'sqlite' ? `${'  '.repeat(depthOf(row, plan.rows as unknown as SqlitePlanRow[]))}${String(row.detail)}` : String(row['QUERY PLAN'])));
    console.log(`    -- ${times[2]!.toFixed(1)} ms (median of 5): ${q.sql.replace(/\s+/g, ' ').slice(0, 400)}${q.sql.length > 400 ? '…' : ''}`);
    console.log(`       params: ${JSON.stringify(q.parameters).slice(0, 200)}`);
    for (const line of lines) console.log(`       ${line}`);
  }
}

interface SqlitePlanRow { id: number; parent: number; detail: string }
function depthOf(row: Record<string, unknown>, rows: SqlitePlanRow[]): number {
  let depth = 0;
  for (let parent = Number(row.parent); parent !== 0; depth++) parent = rows.find((r) => r.id === parent)?.parent ?? 0;
  return depth;
}

interface Row { db: Kind; cases: number; request: string; p50: number; p99: number; bytes: number }

async function benchOne(kind: Kind, n: number): Promise<Row[] | undefined> {
  const scratch = await openScratch(kind);
  if (!scratch) {
    console.log(`\n[${kind}] skipped: set BENCH_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:54329/postgres) to measure PostgreSQL`);
    return undefined;
  }
  const { store } = scratch;
  try {
    await migrateToLatest(store);
    const t0 = performance.now();
    const f = await fillAnalytics(kind, store, n);
    console.log(
      `\n[${kind}] ${f.caseRows.toLocaleString('en')} case results, ${f.stepRows.toLocaleString('en')} step results filled in ${((performance.now() - t0) / 1000).toFixed(1)} s;` +
        ` latest nightly run ${f.latestNightlyRun}: ${f.latestNightlyCases.toLocaleString('en')} cases, ${f.latestNightlyFailures.toLocaleString('en')} failures`,
    );
    const rec = recorder();
    const recorded: Store = { ...store, db: store.db.withPlugin(rec.plugin) };
    // No background jobs: their statements would land among the request's (and they are not what is measured).
    const app = await buildApp({ store: recorded, config: { bodyLimitBytes: 1 << 20, publicUrl: 'http://bench', logLevel: 'silent' }, clock: () => NOW, logger: false, schedule: () => () => {} });
    const rows: Row[] = [];
    for (const r of requests(f)) {
      const t = await time(app, r.url, f.key, REPS);
      rows.push({ db: kind, cases: f.caseRows, request: r.name, p50: t.p50, p99: t.p99, bytes: t.body.length });
      if (PLANS && n === SIZES.at(-1)) {
        console.log(`\n  ${r.name}: GET /api/v3${r.url} (p50 ${t.p50.toFixed(1)} ms)`);
        await explainRequest(kind, store, app, rec.seen, r.url, f.key);
      }
    }
    await app.close();
    return rows;
  } finally {
    await scratch.drop();
  }
}

function printTable(rows: Row[]) {
  const ms = (v: number) => v.toFixed(1).padStart(7);
  console.log('\n| db | case results | request | p50 (ms) | p99 (ms) | body |');
  console.log('|---|---:|---|---:|---:|---:|');
  for (const r of rows) console.log(`| ${r.db} | ${r.cases.toLocaleString('en')} | ${r.request} | ${ms(r.p50)} | ${ms(r.p99)} | ${(r.bytes / 1024).toFixed(1)} KB |`);
}

function printGrowth(rows: Row[]) {
  const sizes = [...new Set(rows.map((r) => r.cases))].sort((a, b) => a - b);
  console.log(`\n## Growth, p50 / p99 in ms (${sizes.map((s) => s.toLocaleString('en')).join(' → ')} case results)`);
  console.log(`\n| db | request | ${sizes.map((s) => s.toLocaleString('en')).join(' | ')} | met (p99 < 100 ms at the largest) |`);
  console.log(`|---|---|${sizes.map(() => '---:|').join('')}---|`);
  for (const db of DBS) {
    for (const name of [...new Set(rows.filter((r) => r.db === db).map((r) => r.request))]) {
      const cells = sizes.map((s) => rows.find((r) => r.db === db && r.request === name && r.cases === s)).map((r) => (r ? `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)}` : '–'));
      const last = rows.filter((r) => r.db === db && r.request === name).at(-1);
      console.log(`| ${db} | ${name} | ${cells.join(' | ')} | ${last && last.p99 < 100 ? 'yes' : 'no'} |`);
    }
  }
}

const all: Row[] = [];
console.log(`analytics at scale: sizes ${SIZES.map((n) => n.toLocaleString('en')).join(', ')}; databases ${DBS.join(', ')}; ${REPS} timed requests per figure (after 3 warm-ups)`);
for (const kind of DBS) {
  for (const n of SIZES) {
    const rows = await benchOne(kind, n);
    if (!rows) break;
    all.push(...rows);
    printTable(rows);
  }
}
printGrowth(all);
