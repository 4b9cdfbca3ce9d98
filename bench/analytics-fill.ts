/**
 * The workspace bench/analytics-scale.bench.ts measures: six months of several plans' runs, written
 * directly with INSERT ... SELECT over a generated series (ingestion is measured elsewhere), ids growing
 * with time across plans as ingestion allocates them. At 1,000,000 case results (`scale` 1):
 *
 * - "Web Nightly": 60 runs every 3 days on 2 machines, 3,000 tests for the first 30 runs and 5,000 for the
 *   last 30 (10,000 case rows each); every 10th run has a re-run of its failures.
 * - "PR checks": 400 runs of 1,000 tests (the nightly's first 1,000) on one machine, branches main and
 *   feature-N.
 * - "Mobile": 40 runs of 1,500 tests of its own on 2 machines.
 * - "Smoke": 4 runs of 2 tests (nightly tests 1 and 2) on one machine: 8 case rows in the whole plan.
 *
 * Smaller sizes keep every run and shrink the tests by `scale` (at least one). Each case has 5 steps.
 * Which tests fail (the same rule for a test in every plan): 11% of tests are broken from a day of their
 * own on, within the first 90 days (40 causes), 3% are flaky (fail 30% of results, one of 5 timeout causes; 15% of
 * their passes are retry-flaky), the rest fail 0.5% of results (one of 60 network causes); 1% of
 * non-failures are NOT_EXECUTED. Failures carry a message, a ~1 KB stack trace and a fingerprint.
 */
import { sql, type Kysely } from 'kysely';
import { createApiKey } from '../src/auth/api-keys.js';
import { insertRows } from '../src/store/batch.js';
import type { Store } from '../src/store/dialect.js';

export type Kind = 'sqlite' | 'postgres';

export const NOW = Date.parse('2026-07-01T00:00:00Z');
const T0 = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;
export const STEPS_PER_CASE = 5;
const VERBS = ['login with email', 'search flights', 'checkout with card', 'add item to cart', 'update profile', 'reset password', 'filter by price', 'sort by rating', 'apply coupon', 'logout'];
const NIGHTLY_TESTS = [3000, 5000];
const PR_TESTS = 1000;
const MOBILE_TESTS = 1500;
/** Test classes by (test id * 7919) % 100: below BROKEN broken from a day on, below FLAKY flaky, the rest healthy. */
const BROKEN = 11;
const FLAKY = 14;

/** The few expressions that differ: a series of integers, a fixed-width hex string, a UUID-shaped id. */
const DIALECT = {
  sqlite: {
    series: (n: number) => `(with recursive series(k) as (select 0 union all select k + 1 from series where k < ${n - 1}) select k from series) as g`,
    hex32: (v: string) => `printf('%032x', ${v})`,
    uuid: (a: string, b: string) => `printf('%08x-%04x-4000-8000-%012x', ${a}, ${b}, ${a})`,
  },
  postgres: {
    series: (n: number) => `generate_series(0::bigint, ${n - 1}::bigint) as g(k)`,
    hex32: (v: string) => `lpad(to_hex(${v}), 32, '0')`,
    uuid: (a: string, b: string) => `lpad(to_hex(${a}), 8, '0') || '-' || lpad(to_hex(${b}), 4, '0') || '-4000-8000-' || lpad(to_hex(${a}), 12, '0')`,
  },
} as const;

interface RunSpec {
  id: number;
  plan: number;
  /** Its place among the plan's runs (re-runs excluded). */
  index: number;
  start: number;
  tests: number;
  /** Test ids are testBase + 1 ... testBase + tests. */
  testBase: number;
  machines: 1 | 2;
  branch: string;
  /** A re-run: of which run (holding that run's failures). */
  parent?: RunSpec;
}

export interface AnalyticsFixture {
  workspaceId: number;
  key: string;
  plans: { nightly: number; pr: number; mobile: number; smoke: number };
  /** The nightly's latest run (~1,000 failures at 1M) and the one before: failure groups and compare. */
  latestNightlyRun: number;
  previousNightlyRun: number;
  latestNightlyCases: number;
  latestNightlyFailures: number;
  /** A flaky nightly test that PR checks run too; a smoke test (nightly test 1). */
  flakyTest: number;
  smokeTest: number;
  caseRows: number;
  stepRows: number;
}

const scaled = (tests: number, scale: number) => Math.max(1, Math.round(tests * scale));

/** Every run of every plan, in time order, with ids given in that order. */
function timeline(scale: number): RunSpec[] {
  const specs: Omit<RunSpec, 'id'>[] = [];
  for (let i = 0; i < 60; i++) specs.push({ plan: 1, index: i, start: T0 + i * 3 * DAY + 2 * HOUR, tests: scaled(NIGHTLY_TESTS[i < 30 ? 0 : 1]!, scale), testBase: 0, machines: 2, branch: 'main' });
  for (let i = 0; i < 400; i++) specs.push({ plan: 2, index: i, start: T0 + Math.round(i * 0.45 * DAY) + 7 * HOUR, tests: scaled(PR_TESTS, scale), testBase: 0, machines: 1, branch: i % 4 === 0 ? 'main' : `feature-${i % 20}` });
  const mobileBase = scaled(NIGHTLY_TESTS[1]!, scale);
  for (let i = 0; i < 40; i++) specs.push({ plan: 3, index: i, start: T0 + Math.round(i * 4.5 * DAY) + 4 * HOUR, tests: scaled(MOBILE_TESTS, scale), testBase: mobileBase, machines: 2, branch: 'main' });
  for (let i = 0; i < 4; i++) specs.push({ plan: 4, index: i, start: T0 + (173 + i) * DAY + 9 * HOUR, tests: 2, testBase: 0, machines: 1, branch: 'main' });
  specs.sort((a, b) => a.start - b.start);
  const runs: RunSpec[] = [];
  for (const s of specs) {
    const run: RunSpec = { ...s, id: runs.length + 1 };
    runs.push(run);
    // Every 10th nightly run is re-run (its failures) two hours later, before the next run of any plan.
    if (s.plan === 1 && s.index % 10 === 9) runs.push({ ...s, id: runs.length + 1, start: s.start + 2 * HOUR, parent: run });
  }
  return runs;
}

/** SQL for one run's outcome, by test id `tc`, per-result number `rnd` (0-999) and test class `cls` (0-99). */
function failedWhen(run: RunSpec): string {
  if (run.plan === 4) return `(tc = 1 and ${run.index % 2} = 0)`; // smoke: test 1 fails every other run
  const day = Math.floor((run.start - T0) / DAY);
  return `((cls < ${BROKEN} and (tc * 31) % 90 <= ${day}) or (cls >= ${BROKEN} and cls < ${FLAKY} and rnd < 300) or (cls >= ${FLAKY} and rnd < 5))`;
}

const FRAMES = [
  'org.junit.platform.engine.support.hierarchical.NodeTestTask.executeRecursively(NodeTestTask.java:151)',
  'org.junit.platform.engine.support.hierarchical.ThrowableCollector.execute(ThrowableCollector.java:73)',
  'org.junit.jupiter.engine.execution.InvocationInterceptorChain.proceed(InvocationInterceptorChain.java:64)',
  'java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)',
  'org.junit.platform.launcher.core.EngineExecutionOrchestrator.execute(EngineExecutionOrchestrator.java:107)',
  'org.apache.maven.surefire.junitplatform.JUnitPlatformProvider.invoke(JUnitPlatformProvider.java:142)',
  'org.apache.maven.surefire.booter.ForkedBooter.main(ForkedBooter.java:507)',
].map((f) => `\n\tat ${f}`).join('').repeat(2);

const metricColumns = (id: number, counts: Record<string, number>, total: number) => {
  const passed = counts.SUCCESS ?? 0;
  const failed = counts.FAILURE ?? 0;
  const notExecuted = counts.NOT_EXECUTED ?? 0;
  return {
    metrics_id: id, total_count: total, passed_count: passed, failed_count: failed, aborted_count: 0, stopped_count: 0, not_executed_count: notExecuted, queued_count: 0, running_count: 0, skipped_count: 0,
    c_total_count: total, c_passed_count: passed, c_failed_count: failed, c_aborted_count: 0, c_stopped_count: 0, c_not_executed_count: notExecuted, c_queued_count: 0, c_running_count: 0, c_skipped_count: 0,
    metrics_duration: null, consolidated_duration: null, latest_result: failed ? 'FAILURE' : 'SUCCESS',
  };
};

export async function fillAnalytics(kind: Kind, store: Store, n: number): Promise<AnalyticsFixture> {
  const db = store.db as unknown as Kysely<any>;
  const d = DIALECT[kind];
  const scale = n / 1_000_000;
  const { key, workspaceId } = await createApiKey(store, 'bench', 'bench', NOW);
  const plans = { nightly: 1, pr: 2, mobile: 3, smoke: 4 };
  await db.insertInto('test_plans').values(['Web Nightly', 'PR checks', 'Mobile', 'Smoke'].map((name, i) => ({ id: i + 1, workspace_id: workspaceId, name, created_at: T0 }))).execute();
  const allTests = scaled(NIGHTLY_TESTS[1]!, scale) + scaled(MOBILE_TESTS, scale);
  // A suite per 100 tests, named like the test ids they hold.
  await insertRows(store.db, store.traits, 'test_suites', Array.from({ length: Math.ceil(allTests / 100) }, (_, i) => ({ id: i + 1, workspace_id: workspaceId, name: `Suite ${i + 1}` })));
  await insertRows(store.db, store.traits, 'test_cases', Array.from({ length: allTests }, (_, i) => ({ id: i + 1, workspace_id: workspaceId, identity: `tc-${i + 1}`, name: `${VERBS[(i + 1) % 10]} ${i + 1}` })));

  const runs = timeline(scale);
  let caseId = 1;
  let machineId = 1;
  let suiteResultId = 1;
  let caseRows = 0;
  const firstCaseOf = new Map<number, number>();
  const caseCountOf = new Map<number, number>();
  for (const run of runs) {
    const base = { workspace_id: workspaceId, status: 'STATUS_COMPLETED', client_key: null, created_at: NOW, updated_at: NOW };
    const firstCase = caseId;
    const firstMachine = machineId;
    const firstSuiteResult = suiteResultId;
    const suitesPerMachine = Math.ceil(run.tests / 100);
    const end = run.start + run.tests * 1500 + 5000;
    if (run.parent) {
      // A re-run holds the parent's failures, on one machine row and one suite row; flaky ones pass now.
      await insertRows(store.db, store.traits, 'machine_results', [{ id: machineId++, ...base, test_run_id: run.id, position: 0, title: 'Linux Chrome', result: 'FAILURE', start_time: run.start, end_time: end, duration: end - run.start, re_run_parent_id: null, ...metricColumns(0, {}, 0) }]);
      await insertRows(store.db, store.traits, 'suite_results', [{ id: suiteResultId++, ...base, test_run_id: run.id, machine_result_id: firstMachine, suite_id: 1, position: 0, name: 'Suite 1', truncated: 0, result: 'FAILURE', start_time: run.start, end_time: end, duration: end - run.start, re_run_parent_id: null, ...metricColumns(0, {}, 0) }]);
      // Ids: the parent's case id shifted past the last id given (gaps where the parent's cases passed).
      const shift = `${caseId} + p.id - ${firstCaseOf.get(run.parent.id)!}`;
      await sql.raw(`
        insert into case_results (id, workspace_id, test_run_id, machine_result_id, suite_result_id, suite_id, test_case_id, parent_id, iteration, data_set_name,
          position, name, message, skipped, is_data_driven, is_disabled, flaky, error_type, stack_trace, system_out, system_err, attempts, properties, result_given,
          result, status, start_time, end_time, duration, re_run_parent_id, client_key, created_at, updated_at, fingerprint,
          metrics_id, total_count, passed_count, failed_count, aborted_count, stopped_count, not_executed_count, queued_count, running_count, skipped_count, latest_result, consolidated_duration)
        select ${shift}, workspace_id, ${run.id}, ${firstMachine}, ${firstSuiteResult}, suite_id, test_case_id, null, null, null,
          position, name, case when flaky_class = 1 then null else message end, 0, 0, 0, 0, case when flaky_class = 1 then null else error_type end,
          case when flaky_class = 1 then null else stack_trace end, null, null, null, null, 1,
          case when flaky_class = 1 then 'SUCCESS' else 'FAILURE' end, status, start_time + ${2 * HOUR}, end_time + ${2 * HOUR}, duration, p.id, null, ${NOW}, ${NOW},
          case when flaky_class = 1 then null else fingerprint end,
          ${shift}, 5, case when flaky_class = 1 then 5 else 3 end, 1 - flaky_class, 0, 0, 1 - flaky_class, 0, 0, 0,
          case when flaky_class = 1 then 'SUCCESS' else 'FAILURE' end, duration
        from (select c.*, case when (c.test_case_id * 7919) % 100 between ${BROKEN} and ${FLAKY - 1} then 1 else 0 end as flaky_class from case_results c
              where c.test_run_id = ${run.parent.id} and c.result = 'FAILURE') p`).execute(db);
      caseId += caseCountOf.get(run.parent.id)!;
    } else {
      const machines = Array.from({ length: run.machines }, (_, mi) => ({
        id: machineId++, ...base, test_run_id: run.id, position: mi, title: mi ? 'Windows Edge' : 'Linux Chrome', os_version: null, browser: mi ? 'MicrosoftEdge' : 'GoogleChrome',
        browser_version: '126.0', resolution: '1920x1080', platform: mi ? 'Windows' : 'Linux', device_name: null, host_name: 'agent-1', os_type: mi ? 'WINDOWS' : 'LINUX', app_details: null,
        result: 'FAILURE', start_time: run.start, end_time: end, duration: end - run.start, re_run_parent_id: null, ...metricColumns(0, {}, 0),
      }));
      await insertRows(store.db, store.traits, 'machine_results', machines);
      const firstSuite = Math.floor(run.testBase / 100) + 1;
      const suites = machines.flatMap((m) => Array.from({ length: suitesPerMachine }, (_, si) => ({
        id: suiteResultId++, ...base, test_run_id: run.id, machine_result_id: m.id, suite_id: firstSuite + si, position: si, name: `Suite ${firstSuite + si}`, truncated: 0,
        result: 'FAILURE', start_time: run.start, end_time: end, duration: end - run.start, re_run_parent_id: null, ...metricColumns(0, {}, 0),
      })));
      await insertRows(store.db, store.traits, 'suite_results', suites);
      const T = run.tests;
      const seed = run.id * 40_503;
      const cause = `case when cls < ${BROKEN} then 1000 + tc % 40 when cls < ${FLAKY} then 2000 + tc % 5 else 3000 + (tc + ${run.id}) % 60 end`;
      await sql.raw(`
        insert into case_results (id, workspace_id, test_run_id, machine_result_id, suite_result_id, suite_id, test_case_id, parent_id, iteration, data_set_name,
          position, name, message, skipped, is_data_driven, is_disabled, flaky, error_type, stack_trace, system_out, system_err, attempts, properties, result_given,
          result, status, start_time, end_time, duration, re_run_parent_id, client_key, created_at, updated_at, fingerprint,
          metrics_id, total_count, passed_count, failed_count, aborted_count, stopped_count, not_executed_count, queued_count, running_count, skipped_count, latest_result, consolidated_duration)
        select ${caseId} + k, ${workspaceId}, ${run.id}, ${firstMachine} + mi, ${firstSuiteResult} + mi * ${suitesPerMachine} + t / 100, ${firstSuite} + t / 100, tc, null, null, null,
          t % 100, case tc % 10 ${VERBS.map((v, i) => `when ${i} then '${v} '`).join(' ')} end || tc,
          case when failed = 0 then null when cls < ${BROKEN} then 'Expected status 200 but was 500 for order ' || (k * 7 + ${run.id}) when cls < ${FLAKY} then 'Timed out after 30000 ms waiting for #btn-' || tc else 'Connection reset by peer: socket ' || (40000 + rnd) end,
          0, 0, 0, case when failed = 0 and cls >= ${BROKEN} and cls < ${FLAKY} and rnd < 450 then 1 else 0 end,
          case when failed = 0 then null when cls < ${BROKEN} then 'AssertionError' when cls < ${FLAKY} then 'TimeoutError' else 'java.io.IOException' end,
          case when failed = 0 then null else 'Failure of cause ' || (${cause}) || '\n\tat com.shop.Cause' || (${cause}) || 'Test.run(Cause' || (${cause}) || 'Test.java:' || (40 + tc % 200) || ')${FRAMES}' end,
          null, null, null, null, 1,
          case when failed = 1 then 'FAILURE' when rnd >= 990 then 'NOT_EXECUTED' else 'SUCCESS' end, 'STATUS_COMPLETED',
          ${run.start} + t * 1500 + mi * 500, ${run.start} + t * 1500 + mi * 500 + 500 + (k * 37) % 1400, 500 + (k * 37) % 1400,
          null, null, ${NOW}, ${NOW}, case when failed = 1 then ${d.hex32(cause)} else null end,
          ${caseId} + k, ${STEPS_PER_CASE}, case when failed = 1 then 3 else ${STEPS_PER_CASE} end, failed, 0, 0, case when failed = 1 then 1 else 0 end, 0, 0, 0,
          case when failed = 1 then 'FAILURE' when rnd >= 990 then 'NOT_EXECUTED' else 'SUCCESS' end, 500 + (k * 37) % 1400
        from (
          select k, mi, t, tc, rnd, cls, case when ${failedWhen(run)} then 1 else 0 end as failed
          from (select k, k / ${T} as mi, k % ${T} as t, ${run.testBase + 1} + k % ${T} as tc,
                  ((${run.testBase + 1} + k % ${T}) * 2654435761 + ${seed} + (k / ${T}) * 977) % 1000003 % 1000 as rnd,
                  ((${run.testBase + 1} + k % ${T}) * 7919) % 100 as cls
                from ${d.series(T * run.machines)}) a
        ) b`).execute(db);
      caseId += T * run.machines;
    }
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
      where c.test_run_id = ${run.id}`).execute(db);
    const counts: Record<string, number> = Object.fromEntries(
      (await db.selectFrom('case_results').select((eb) => ['result', eb.fn.countAll().as('n')]).where('test_run_id', '=', run.id).groupBy('result').execute()).map((r) => [r.result, Number(r.n)]),
    );
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    firstCaseOf.set(run.id, firstCase);
    caseCountOf.set(run.id, caseId - firstCase);
    caseRows += total;
    await db.insertInto('test_runs').values({
      id: run.id, ...base, test_plan_id: run.plan, build_no: `build-${run.id}`, executor: 'ci@example.com', triggered_type: run.plan === 1 ? 'SCHEDULED' : 'API',
      re_run_type: run.parent ? 'ONLY_FAILED_TESTS' : null, re_run_parent_id: run.parent?.id ?? null, message: null, environment: JSON.stringify({ branch: run.branch }),
      result: counts.FAILURE ? 'FAILURE' : 'SUCCESS', start_time: run.start, end_time: end, duration: end - run.start, ...metricColumns(run.id, counts, total),
    }).execute();
  }
  // PostgreSQL's autovacuum would analyze (and set the visibility map) by itself, soon; a Verdict server
  // never runs ANALYZE on SQLite, so its planner works without statistics: measure it that way.
  if (kind === 'postgres') await sql`vacuum analyze`.execute(db);

  const nightly = runs.filter((r) => r.plan === 1 && !r.parent);
  const latest = nightly.at(-1)!;
  const failures = await db.selectFrom('case_results').select((eb) => eb.fn.countAll().as('n')).where('test_run_id', '=', latest.id).where('result', '=', 'FAILURE').executeTakeFirst();
  // A flaky test among the tests PR checks run too.
  const flakyTest = Array.from({ length: scaled(PR_TESTS, scale) }, (_, i) => i + 1).find((tc) => (tc * 7919) % 100 >= BROKEN && (tc * 7919) % 100 < FLAKY) ?? 1;
  return {
    workspaceId, key, plans,
    latestNightlyRun: latest.id, previousNightlyRun: nightly.at(-2)!.id, latestNightlyCases: latest.tests * latest.machines, latestNightlyFailures: Number(failures?.n ?? 0),
    flakyTest, smokeTest: 1, caseRows, stepRows: caseRows * STEPS_PER_CASE,
  };
}
