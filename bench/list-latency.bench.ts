/**
 * Latency of the list routes over a big workspace: a filtered, sorted page of a run's case results
 * (`result:FAILURE`, `testCaseName:*login*`, a start-time range) at page 0 and at page 10,000, on SQLite
 * and PostgreSQL, at 10k, 100k and 1M case results (5 step results per case).
 *
 *   node --import tsx bench/list-latency.bench.ts [--cases N] [--db sqlite|postgres] [--quick] [--reps R]
 *
 * `--cases N` is the largest size (default 1,000,000); the growth table also measures 10k and 100k.
 * `--quick` measures 10k and 100k only. PostgreSQL needs BENCH_DATABASE_URL (a server where this script
 * may create and drop a scratch database); without it PostgreSQL is skipped with a note.
 *
 * The workspace is filled directly with INSERT ... SELECT over a generated series (the ingestion path is
 * measured elsewhere): runs of 1,000-10,000 cases spread over six months, plus one large nightly run
 * holding a quarter of all cases, so that page 10,000 exists; ~10% of cases fail, ~10% are "login" tests.
 * Requests go through the whole app (auth, parsing, SQL, presenters) with app.inject().
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { createApiKey } from '../src/auth/api-keys.js';
import { buildApp } from '../src/http/app.js';
import { planList } from '../src/http/list-request.js';
import { LIST_LEVELS } from '../src/http/routes/list-routes.js';
import { insertRows } from '../src/store/batch.js';
import { openStore, type Store } from '../src/store/dialect.js';
import { idPageQueries } from '../src/store/list-repository.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createScratchDatabase } from '../test/helpers/scratch-database.js';

type Kind = 'sqlite' | 'postgres';
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const MAX_CASES = Number(arg('cases') ?? 1_000_000);
const QUICK = args.includes('--quick');
const REPS = Number(arg('reps') ?? 25);
const DBS: Kind[] = arg('db') ? [arg('db') as Kind] : ['sqlite', 'postgres'];
const SIZES = [...new Set(QUICK ? [10_000, 100_000].filter((n) => n <= MAX_CASES) : [10_000, 100_000, MAX_CASES].filter((n) => n <= MAX_CASES))];
const NOW = Date.parse('2026-07-01T00:00:00Z');
const T0 = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const STEPS_PER_CASE = 5;
const VERBS = ['login with email', 'search flights', 'checkout with card', 'add item to cart', 'update profile', 'reset password', 'filter by price', 'sort by rating', 'apply coupon', 'logout'];

interface Fixture {
  store: Store;
  workspaceId: number;
  key: string;
  bigRun: { id: number; start: number; cases: number; firstCaseId: number };
  drop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// Scratch databases

async function openScratch(kind: Kind, n: number): Promise<{ store: Store; drop: () => Promise<void> } | undefined> {
  if (kind === 'sqlite') {
    const path = `/tmp/verdict-bench-${n}-${randomBytes(3).toString('hex')}.db`;
    const store = openStore({ sqlitePath: path });
    return { store, drop: async () => { await store.close(); for (const f of [path, `${path}-wal`, `${path}-shm`]) rmSync(f, { force: true }); } };
  }
  const url = process.env.BENCH_DATABASE_URL;
  if (!url) return undefined;
  const scratch = await createScratchDatabase(url, 'verdict_bench');
  const store = openStore({ databaseUrl: scratch.url });
  return {
    store,
    drop: async () => {
      await store.close();
      await scratch.drop();
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Fill

/** The few expressions that differ: a series of integers, and a UUID-shaped id built from numbers. */
const DIALECT = {
  sqlite: {
    series: (n: number) => `(with recursive series(k) as (select 0 union all select k + 1 from series where k < ${n - 1}) select k from series) as g`,
    uuid: (a: string, b: string) => `printf('%08x-%04x-4000-8000-%012x', ${a}, ${b}, ${a})`,
  },
  postgres: {
    series: (n: number) => `generate_series(0::bigint, ${n - 1}::bigint) as g(k)`,
    uuid: (a: string, b: string) => `lpad(to_hex(${a}), 8, '0') || '-' || lpad(to_hex(${b}), 4, '0') || '-4000-8000-' || lpad(to_hex(${a}), 12, '0')`,
  },
} as const;

function runSizes(total: number): number[] {
  const big = Math.round(total / 4);
  const sizes = [big];
  const cycle = [1000, 2500, 4000, 5500, 7000, 8500, 10_000];
  let left = total - big;
  for (let i = 0; left > 0; i++) {
    const n = Math.min(left, cycle[i % cycle.length]!);
    sizes.push(n);
    left -= n;
  }
  return sizes;
}

const metricDefaults = (id: number, n: number, failed: number) => ({
  metrics_id: id, total_count: n, passed_count: n - failed, failed_count: failed, aborted_count: 0, stopped_count: 0, not_executed_count: 0, queued_count: 0, running_count: 0, skipped_count: 0,
  c_total_count: n, c_passed_count: n - failed, c_failed_count: failed, c_aborted_count: 0, c_stopped_count: 0, c_not_executed_count: 0, c_queued_count: 0, c_running_count: 0, c_skipped_count: 0,
  metrics_duration: null, consolidated_duration: null, latest_result: failed ? 'FAILURE' : 'SUCCESS',
});

async function fill(kind: Kind, store: Store, n: number): Promise<Fixture['bigRun'] & { workspaceId: number; key: string }> {
  const db = store.db as unknown as Kysely<any>;
  const d = DIALECT[kind];
  const { key, workspaceId } = await createApiKey(store, 'bench', 'bench', NOW);
  const sizes = runSizes(n);
  const testCases = 10_000;
  await db.insertInto('test_plans').values([0, 1, 2, 3, 4].map((i) => ({ id: i + 1, workspace_id: workspaceId, name: `Plan ${i + 1}`, created_at: NOW }))).execute();
  await db.insertInto('test_suites').values(Array.from({ length: 10 }, (_, i) => ({ id: i + 1, workspace_id: workspaceId, name: `Suite ${i + 1}` }))).execute();
  await insertRows(store.db, store.traits, 'test_cases', Array.from({ length: testCases }, (_, i) => ({ id: i + 1, workspace_id: workspaceId, identity: `tc-${i + 1}`, name: `${VERBS[(i * 7) % 10]} ${i + 1}` })));

  let caseId = 1;
  let big: Fixture['bigRun'] | undefined;
  const spacing = (180 * DAY) / sizes.length;
  for (const [r, size] of sizes.entries()) {
    const runId = r + 1;
    // The big run sits in the middle of the six months; the others are spread over them.
    const start = Math.round(T0 + (r === 0 ? 90 * DAY : r * spacing));
    const half = Math.ceil(size / 2);
    const perSuite = Math.ceil(half / 10);
    const failed = Math.round(size / 10);
    const base = { workspace_id: workspaceId, status: 'STATUS_COMPLETED', re_run_parent_id: null, client_key: null, created_at: NOW, updated_at: NOW };
    const end = start + half * 2000 + 5000;
    await db.insertInto('test_runs').values({
      id: runId, ...base, test_plan_id: (r % 5) + 1, build_no: `build-${runId}`, executor: 'ci@example.com', triggered_type: r % 3 === 0 ? 'SCHEDULED' : 'API', re_run_type: null,
      message: null, environment: null, result: 'FAILURE', start_time: start, end_time: end, duration: end - start, ...metricDefaults(runId, size, failed),
    }).execute();
    const machines = [0, 1].map((mi) => ({
      id: runId * 2 + mi, ...base, test_run_id: runId, position: mi, title: mi ? 'Windows Edge' : 'Linux Chrome', os_version: null, browser: mi ? 'MicrosoftEdge' : 'GoogleChrome',
      browser_version: '126.0', resolution: '1920x1080', platform: mi ? 'Windows' : 'Linux', device_name: null, host_name: 'agent-1', os_type: mi ? 'WINDOWS' : 'LINUX', app_details: null,
      result: 'FAILURE', start_time: start, end_time: end, duration: end - start, ...metricDefaults(runId * 2 + mi, half, Math.round(failed / 2)),
    }));
    await insertRows(store.db, store.traits, 'machine_results', machines);
    const suites = [0, 1].flatMap((mi) => Array.from({ length: 10 }, (_, si) => ({
      id: runId * 20 + mi * 10 + si, ...base, test_run_id: runId, machine_result_id: runId * 2 + mi, suite_id: si + 1, position: si, name: `Suite ${si + 1}`,
      result: 'FAILURE', start_time: start, end_time: end, duration: end - start, ...metricDefaults(runId * 20 + mi * 10 + si, perSuite, Math.round(perSuite / 10)),
    })));
    await insertRows(store.db, store.traits, 'suite_results', suites);

    const first = caseId;
    // k: 0..size-1; machine mi = k / half; within = k % half; suite = within / perSuite.
    const h = `((k * 7919 + ${r * 104_729}) % 100)`;
    await sql.raw(`
      insert into case_results (id, workspace_id, test_run_id, machine_result_id, suite_result_id, suite_id, test_case_id, parent_id, iteration, data_set_name,
        position, name, message, skipped, is_data_driven, is_disabled, flaky, error_type, stack_trace, system_out, system_err, attempts, properties, result_given,
        result, status, start_time, end_time, duration, re_run_parent_id, client_key, created_at, updated_at,
        metrics_id, total_count, passed_count, failed_count, aborted_count, stopped_count, not_executed_count, queued_count, running_count, skipped_count, latest_result, consolidated_duration)
      select ${first} + k, ${workspaceId}, ${runId}, ${runId * 2} + k / ${half}, ${runId * 20} + (k / ${half}) * 10 + (k % ${half}) / ${perSuite}, 1 + (k % ${half}) / ${perSuite},
        1 + (k % ${half}) % ${testCases}, null, null, null,
        (k % ${half}) % ${perSuite},
        case ((k % ${half}) * 7) % 10 ${VERBS.map((v, i) => `when ${i} then '${v} '`).join(' ')} end || (1 + (k % ${half}) % ${testCases}),
        case when ${h} < 10 then 'Element not found: #btn-' || k else null end, 0, 0, 0, 0, case when ${h} < 10 then 'NoSuchElementException' else null end,
        null, null, null, null, null, 1,
        case when ${h} < 10 then 'FAILURE' when ${h} < 12 then 'NOT_EXECUTED' else 'SUCCESS' end, 'STATUS_COMPLETED',
        ${start} + (k % ${half}) * 2000 + (k / ${half}) * 500, ${start} + (k % ${half}) * 2000 + (k / ${half}) * 500 + 500 + (k * 37) % 1400, 500 + (k * 37) % 1400,
        null, null, ${NOW}, ${NOW},
        ${first} + k, ${STEPS_PER_CASE}, case when ${h} < 10 then 3 else ${STEPS_PER_CASE} end, case when ${h} < 10 then 1 else 0 end, 0, 0, case when ${h} < 10 then 1 else 0 end, 0, 0, 0,
        case when ${h} < 10 then 'FAILURE' when ${h} < 12 then 'NOT_EXECUTED' else 'SUCCESS' end, 500 + (k * 37) % 1400
      from ${d.series(size)}`).execute(db);
    await sql.raw(`
      insert into step_results (id, workspace_id, test_run_id, machine_result_id, case_result_id, test_case_id, step_id, parent_step_result_id, position, depth,
        type, action, priority, result, skipped, message, error_code, error_type, condition_type, ignore_result, start_time, end_time, duration, client_key, created_at)
      select ${d.uuid('c.id', 's.j')}, c.workspace_id, c.test_run_id, c.machine_result_id, c.id, c.test_case_id, c.test_case_id * 10 + s.j, null, s.j, 0,
        'NLP_TEXT', case s.j when 0 then 'Navigate to https://shop.example.com/' when 1 then 'Enter user@example.com in the Email field' when 2 then 'Click on Continue Button'
          when 3 then 'Verify that the current page displays text Order summary' else 'Click on Logout' end, 'MAJOR',
        case when c.result = 'FAILURE' and s.j = 3 then 'FAILURE' when c.result = 'FAILURE' and s.j > 3 then 'NOT_EXECUTED' when c.result = 'NOT_EXECUTED' then 'NOT_EXECUTED' else 'SUCCESS' end,
        0, case when c.result = 'FAILURE' and s.j = 3 then 'Element is not displayed within 30 seconds.' else null end,
        case when c.result = 'FAILURE' and s.j = 3 then 1030100 else null end, case when c.result = 'FAILURE' and s.j = 3 then 'ELEMENT_NOT_VISIBLE' else null end,
        'NOT_USED', 0, c.start_time + s.j * 100, c.start_time + s.j * 100 + 90, 90, null, ${NOW}
      from case_results c cross join (select 0 as j union all select 1 union all select 2 union all select 3 union all select 4) s
      where c.test_run_id = ${runId}`).execute(db);
    caseId += size;
    if (r === 0) big = { id: runId, start, cases: size, firstCaseId: first };
  }
  if (kind === 'sqlite') await sql`analyze`.execute(db);
  else await sql`vacuum analyze`.execute(db);
  return { ...big!, workspaceId, key };
}

// ---------------------------------------------------------------------------------------------------
// Measure

interface Probe {
  name: string;
  /** Query-string parameters besides page. */
  params: Record<string, string>;
  /** Path under /api/v2. */
  path: (f: Fixture) => string;
  level: 'cases' | 'runs' | 'steps';
  /** Whether to measure page 10,000 too. */
  deep: boolean;
}

function probes(f: Fixture): Probe[] {
  const span = Math.ceil(f.bigRun.cases / 2) * 2000;
  const from = new Date(f.bigRun.start + span * 0.05).toISOString().replace('.000Z', 'Z');
  const to = new Date(f.bigRun.start + span * 0.98).toISOString().replace('.000Z', 'Z');
  const range = `startTime>${from},startTime<${to}`;
  const cases = (x: Fixture) => `/test_runs/${x.bigRun.id}/test_case_results`;
  return [
    { name: 'A cases: FAILURE + *login* + date range, sort startTime desc, size 20', params: { query: `result:FAILURE,testCaseName:*login*,${range}`, sort: 'startTime,desc', size: '20' }, path: cases, level: 'cases', deep: true },
    { name: 'B cases: FAILURE + date range, sort startTime desc, size 2', params: { query: `result:FAILURE,${range}`, sort: 'startTime,desc', size: '2' }, path: cases, level: 'cases', deep: true },
    { name: 'C cases: no filter, default order, size 20', params: { size: '20' }, path: cases, level: 'cases', deep: true },
    { name: 'D cases: FAILURE, sort testCaseName (no index), size 2', params: { query: 'result:FAILURE', sort: 'testCaseName', size: '2' }, path: cases, level: 'cases', deep: true },
    { name: 'E runs: FAILURE + startTime>…, sort startTime desc', params: { query: `result:FAILED,startTime>2026-02-01`, sort: 'startTime,desc' }, path: () => '/test_runs', level: 'runs', deep: false },
    { name: 'F steps of a case: result@FAILURE#NOT_EXECUTED', params: { query: 'result@FAILURE#NOT_EXECUTED' }, path: (x) => `/test_runs/${x.bigRun.id}/test_case_results/${x.bigRun.firstCaseId}/step_results`, level: 'steps', deep: false },
  ];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function time(app: Awaited<ReturnType<typeof buildApp>>, url: string, key: string, reps: number) {
  let last: { totalPages: number; numberOfElements: number } | undefined;
  const samples: number[] = [];
  for (let i = 0; i < reps + 3; i++) {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
    last = res.json();
    if (i >= 3) samples.push(ms);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), body: last! };
}

async function explain(kind: Kind, f: Fixture, probe: Probe, page: number): Promise<string[]> {
  const plan = planList({ ...probe.params, page: String(page), sort: probe.params.sort ? [probe.params.sort] : undefined }, LIST_LEVELS[probe.level]);
  const scope = probe.level === 'cases' ? (eb: any) => eb('c.test_run_id', '=', f.bigRun.id) : (eb: any) => eb('r.workspace_id', '=', f.workspaceId);
  const queries = idPageQueries(f.store.db, probe.level, { ...plan.ids, scope });
  const out: string[] = [];
  for (const [label, q] of [['ids', queries.ids], ['count', queries.count]] as const) {
    const compiled = q.compile();
    const prefix = kind === 'sqlite' ? 'explain query plan ' : 'explain (analyze, costs off, timing off, summary off) ';
    const result = await f.store.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]));
    const lines = result.rows.map((row) => String(kind === 'sqlite' ? row.detail : row['QUERY PLAN']));
    out.push(`${label}: ${lines.map((l) => l.trim()).filter((l) => !/^(Rows Removed|Heap Fetches: 0|Buffers)/.test(l)).join(' | ')}`);
  }
  return out;
}

interface Row { db: Kind; cases: number; probe: string; p0: { p50: number; p99: number }; deep?: { page: number; p50: number; p99: number }; total: number }

async function benchOne(kind: Kind, n: number): Promise<Row[] | undefined> {
  const scratch = await openScratch(kind, n);
  if (!scratch) {
    console.log(`\n[${kind}] skipped: set BENCH_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:54329/postgres) to measure PostgreSQL`);
    return undefined;
  }
  const { store } = scratch;
  try {
    await migrateToLatest(store);
    const t0 = performance.now();
    const filled = await fill(kind, store, n);
    console.log(`\n[${kind}] ${n.toLocaleString('en')} case results, ${(n * STEPS_PER_CASE).toLocaleString('en')} step results filled in ${((performance.now() - t0) / 1000).toFixed(1)} s; big run ${filled.id} has ${filled.cases.toLocaleString('en')} cases`);
    const f: Fixture = { store, workspaceId: filled.workspaceId, key: filled.key, bigRun: filled, drop: scratch.drop };
    const app = await buildApp({ store, config: { bodyLimitBytes: 1 << 20, publicUrl: 'http://bench', logLevel: 'silent' }, clock: () => NOW, logger: false });
    const rows: Row[] = [];
    for (const probe of probes(f)) {
      const qs = (page: number) => new URLSearchParams({ ...probe.params, page: String(page) }).toString();
      const first = await time(app, `/api/v2${probe.path(f)}?${qs(0)}`, f.key, REPS);
      const row: Row = { db: kind, cases: n, probe: probe.name, p0: first, total: (first.body as unknown as { totalElements: number }).totalElements };
      if (probe.deep) {
        const page = Math.max(0, Math.min(10_000, first.body.totalPages - 1));
        const deep = await time(app, `/api/v2${probe.path(f)}?${qs(page)}`, f.key, REPS);
        if (deep.body.numberOfElements === 0) throw new Error(`${probe.name}: page ${page} is empty`);
        row.deep = { page, ...deep };
        if (n === MAX_CASES || n === SIZES[SIZES.length - 1]) for (const line of await explain(kind, f, probe, page)) console.log(`  EXPLAIN ${probe.name.slice(0, 1)} page ${page} ${line}`);
      }
      rows.push(row);
    }
    await app.close();
    return rows;
  } finally {
    await scratch.drop();
  }
}

function printTable(rows: Row[]) {
  const f = (ms: number) => ms.toFixed(1).padStart(7);
  console.log('\n| db | cases | probe | matches | page 0 p50 / p99 (ms) | deep page | deep p50 / p99 (ms) | deep / first (p50) |');
  console.log('|---|---:|---|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const deep = r.deep ? `${r.deep.page} | ${f(r.deep.p50)} / ${f(r.deep.p99)} | ${(r.deep.p50 / r.p0.p50).toFixed(2)}` : '– | – | –';
    console.log(`| ${r.db} | ${r.cases.toLocaleString('en')} | ${r.probe} | ${r.total.toLocaleString('en')} | ${f(r.p0.p50)} / ${f(r.p0.p99)} | ${deep} |`);
  }
}

const all: Row[] = [];
console.log(`list latency bench: sizes ${SIZES.map((n) => n.toLocaleString('en')).join(', ')}; databases ${DBS.join(', ')}; ${REPS} timed requests per figure (after 3 warm-ups)`);
for (const kind of DBS) {
  for (const n of SIZES) {
    const rows = await benchOne(kind, n);
    if (!rows) break;
    all.push(...rows);
    printTable(rows);
  }
}
console.log('\n## Growth (all sizes)');
printTable(all);
