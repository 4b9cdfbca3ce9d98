/**
 * Reads across runs for the web UI's plan and history pages: plans with their latest run, a plan's trend,
 * the tests that fail most, the tests that flip between pass and fail, and a test's recent results.
 * Always scoped by workspace; plain SQL through Kysely that runs unchanged on SQLite and PostgreSQL
 * (window functions and CTEs exist in both). No business rules beyond what "failed" means here.
 *
 * "Recent runs" of a plan are its last N runs that are not re-runs: a re-run holds only the cases it
 * re-executed, so counting it as a run of its own would skew pass rates; its parent's consolidated counts
 * carry its outcome instead.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from './dialect.js';
import type { Database } from './schema.js';
import { notIndexed } from './query-pieces.js';

/** The results a "failing" test had: FAILURE and ABORTED (an aborted test did not pass either). */
const FAILED_RESULTS = ['FAILURE', 'ABORTED'] as const;

const asNumber = (v: string | number | bigint | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

export function findPlan(db: Db, workspaceId: number, planId: number) {
  return db.selectFrom('test_plans').select(['id', 'name', 'created_at']).where('workspace_id', '=', workspaceId).where('id', '=', planId).executeTakeFirst();
}

/** The workspace's plans (or just `planId`) with run count and latest run (by id, re-runs included), by name. */
export async function listPlansWithLatestRun(db: Db, workspaceId: number, planId?: number) {
  const plans = await db
    .selectFrom('test_plans')
    .select(['id', 'name', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .$if(planId !== undefined, (qb) => qb.where('id', '=', planId!))
    .orderBy('name')
    .orderBy('id')
    .execute();
  const stats = await db
    .selectFrom('test_runs')
    .select((eb) => ['test_plan_id', eb.fn.max('id').as('latest_run_id'), eb.fn.countAll().as('run_count')])
    .where('workspace_id', '=', workspaceId)
    .$if(planId !== undefined, (qb) => qb.where('test_plan_id', '=', planId!))
    .groupBy('test_plan_id')
    .execute();
  const latestIds = stats.map((s) => s.latest_run_id);
  const latest = latestIds.length
    ? await db.selectFrom('test_runs').selectAll().where('workspace_id', '=', workspaceId).where('id', 'in', latestIds).execute()
    : [];
  const statOf = new Map(stats.map((s) => [s.test_plan_id, s]));
  const runOf = new Map(latest.map((r) => [r.id, r]));
  return plans.map((plan) => {
    const stat = statOf.get(plan.id);
    return { ...plan, run_count: asNumber(stat?.run_count), latest_run: stat ? (runOf.get(stat.latest_run_id) ?? null) : null };
  });
}

/** The plan's last `limit` runs that are not re-runs, oldest first (the order a chart reads). */
export async function planTrend(db: Db, workspaceId: number, planId: number, limit: number) {
  const rows = await db
    .selectFrom('test_runs')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('test_plan_id', '=', planId)
    .where('re_run_parent_id', 'is', null)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/**
 * Ids of the plan's last `runs` runs that are not re-runs, newest first. Read before the case rows: the
 * reads below take them as a list, so each database looks up a few runs' rows by index instead of judging
 * how selective a join with a CTE is (SQLite, without statistics, judged it wrong: a whole-workspace scan).
 */
export async function recentRunIds(db: Db, workspaceId: number, planId: number, runs: number): Promise<number[]> {
  const rows = await db
    .selectFrom('test_runs')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('test_plan_id', '=', planId)
    .where('re_run_parent_id', 'is', null)
    .orderBy('id', 'desc')
    .limit(runs)
    .execute();
  return rows.map((r) => r.id);
}

const failedFlag = (eb: ExpressionBuilder<Database, 'case_results'>) =>
  eb.case().when('case_results.result', 'in', FAILED_RESULTS).then(1).else(0).end();

/** `result in ('FAILURE', 'ABORTED')` with literals, as the partial index case_results_run_failed says it (SQLite matches the very terms). */
const isFailedResult = (column: string) => sql<boolean>`${sql.ref(column)} in (${sql.join(FAILED_RESULTS.map((r) => sql.lit(r)))})`;

/**
 * Tests with at least one failed result in the plan's last `runs` runs, most failures first.
 * Counts top-level case results (data-driven iterations roll up into their parent); a run on three
 * machines gives a test three results.
 *
 * Ranked from the failed rows alone (an index of their own, about a tenth of the rows); the totals
 * (results, runs, suite) are then counted for the `limit` tests shown only.
 */
export async function failingTests(db: Db, workspaceId: number, planId: number, { runs, limit }: { runs: number; limit: number }) {
  const runIds = await recentRunIds(db, workspaceId, planId, runs);
  if (!runIds.length) return [];
  const ranked = await db
    .with('failed', (qb) =>
      qb
        .selectFrom('case_results as c')
        .select((eb) => ['c.test_case_id', eb.fn.countAll<number | bigint>().as('failures'), eb.fn.max('c.id').as('last_failed_case_result_id')])
        .where('c.test_run_id', 'in', runIds)
        .where(isFailedResult('c.result'))
        .where('c.parent_id', 'is', null)
        .where(notIndexed('c.workspace_id'), '=', workspaceId)
        .groupBy('c.test_case_id'),
    )
    .selectFrom('failed')
    .innerJoin('test_cases as t', 't.id', 'failed.test_case_id')
    .select(['failed.test_case_id', 't.name', 'failed.failures', 'failed.last_failed_case_result_id'])
    .orderBy('failed.failures', 'desc')
    .orderBy('t.name')
    .orderBy('failed.test_case_id')
    .limit(limit)
    .execute();
  if (!ranked.length) return [];
  const testIds = ranked.map((r) => r.test_case_id);
  const totals = await db
    .selectFrom('case_results as c')
    .innerJoin('test_suites as s', 's.id', 'c.suite_id')
    .select((eb) => ['c.test_case_id', eb.fn.countAll().as('results'), eb.fn.count('c.test_run_id').distinct().as('runs'), eb.fn.max('s.name').as('suite_name')])
    .where('c.test_case_id', 'in', testIds)
    .where('c.test_run_id', 'in', runIds)
    .where('c.parent_id', 'is', null)
    .where(notIndexed('c.workspace_id'), '=', workspaceId)
    .groupBy('c.test_case_id')
    .execute();
  const totalOf = new Map(totals.map((t) => [t.test_case_id, t]));
  const lastIds = ranked.map((r) => r.last_failed_case_result_id).filter((id): id is number => id !== null);
  const runOf = new Map(
    (lastIds.length ? await db.selectFrom('case_results').select(['id', 'test_run_id']).where(notIndexed('workspace_id'), '=', workspaceId).where('id', 'in', lastIds).execute() : []).map((r) => [r.id, r.test_run_id]),
  );
  return ranked.map((r) => {
    const total = totalOf.get(r.test_case_id);
    return {
      test_case_id: r.test_case_id,
      name: r.name ?? '',
      suite_name: total?.suite_name ?? null,
      results: asNumber(total?.results),
      failures: asNumber(r.failures),
      runs: asNumber(total?.runs),
      last_failed_case_result_id: r.last_failed_case_result_id,
      last_failed_run_id: r.last_failed_case_result_id === null ? null : (runOf.get(r.last_failed_case_result_id) ?? null),
    };
  });
}

/**
 * For each test with a failed top-level result in the runs `runIds`, in how many of them it failed: the
 * only tests that can flip, each with what bounds its flips (core/flaky.ts).
 */
export async function failedRunCounts(db: Db, workspaceId: number, runIds: readonly number[]) {
  if (!runIds.length) return [];
  const rows = await db
    .selectFrom('case_results as c')
    .select((eb) => ['c.test_case_id', eb.fn.count('c.test_run_id').distinct().as('failed_runs')])
    .where('c.test_run_id', 'in', runIds)
    .where(isFailedResult('c.result'))
    .where('c.parent_id', 'is', null)
    .where(notIndexed('c.workspace_id'), '=', workspaceId)
    .groupBy('c.test_case_id')
    .execute();
  return rows.map((r) => ({ test_case_id: r.test_case_id, failed_runs: asNumber(r.failed_runs) }));
}

/** 1 when a judged row's outcome differs from the same test's outcome in the run before. */
const flipFlag = sql<number>`case when ${sql.ref('judged.previous')} is not null and ${sql.ref('judged.previous')} <> ${sql.ref('judged.failed')} then 1 else 0 end`;

/**
 * Tests whose outcome flips between consecutive runs of `runIds` (pass -> fail or fail -> pass), with at
 * least `minFlips` flips, most flips first. A test's outcome in a run is "failed" when any of its
 * results there failed, "passed" when none failed and one passed; runs where it was neither (not executed,
 * queued, stopped) are left out, so a skipped run does not count as a flip.
 *
 * `among`: only these tests (the caller knows the others cannot make the list: triage/flaky-tests.ts);
 * each of their results in those runs is then found by case_results_test_run.
 */
export async function flakyTests(
  db: Db,
  workspaceId: number,
  runIds: readonly number[],
  { limit, minFlips, minFlipRate = 0, among }: { limit: number; minFlips: number; minFlipRate?: number; among?: readonly number[] },
) {
  if (!runIds.length || among?.length === 0) return [];
  const rows = await db
    .with('outcomes', (qb) =>
      qb
        .selectFrom('case_results')
        .select((eb) => [
          'case_results.test_case_id as test_case_id',
          'case_results.test_run_id as test_run_id',
          eb.fn.max(failedFlag(eb)).as('failed'),
          eb.fn.max(eb.case().when('case_results.result', '=', 'SUCCESS').then(1).else(0).end()).as('passed'),
          eb.fn.max('case_results.id').as('case_result_id'),
        ])
        .$if(among !== undefined, (q) => q.where('case_results.test_case_id', 'in', among!))
        .where('case_results.test_run_id', 'in', runIds)
        .where(notIndexed('case_results.workspace_id'), '=', workspaceId)
        .where('case_results.parent_id', 'is', null)
        .groupBy(['case_results.test_case_id', 'case_results.test_run_id']),
    )
    .with('judged', (qb) =>
      qb
        .selectFrom('outcomes')
        .select((eb) => [
          'test_case_id',
          'test_run_id',
          'failed',
          'case_result_id',
          sql<number | null>`lag(${eb.ref('failed')}) over (partition by ${eb.ref('test_case_id')} order by ${eb.ref('test_run_id')})`.as('previous'),
        ])
        .where((eb) => eb.or([eb('failed', '=', 1), eb('passed', '=', 1)])),
    )
    .selectFrom('judged')
    .innerJoin('test_cases', 'test_cases.id', 'judged.test_case_id')
    .select((eb) => [
      'judged.test_case_id',
      eb.fn.max('test_cases.name').as('name'),
      eb.fn.sum(flipFlag).as('flips'),
      eb.fn.countAll().as('runs'),
      eb.fn.sum('judged.failed').as('failed_runs'),
      eb.fn.max('judged.test_run_id').as('last_run_id'),
      eb.fn.max('judged.case_result_id').as('last_case_result_id'),
    ])
    .groupBy('judged.test_case_id')
    .having((eb) => eb.fn.sum(flipFlag), '>=', minFlips)
    // Flip rate: flips per chance to flip (one fewer than the runs with an outcome). The rate is a double on
    // both databases (PostgreSQL would otherwise take the parameter for a bigint and refuse 0.5).
    .having(sql<boolean>`sum(${flipFlag}) >= cast(${minFlipRate} as double precision) * (count(*) - 1)`)
    .orderBy('flips', 'desc')
    .orderBy('name')
    .orderBy('judged.test_case_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    test_case_id: r.test_case_id,
    name: r.name ?? '',
    flips: asNumber(r.flips),
    runs: asNumber(r.runs),
    failed_runs: asNumber(r.failed_runs),
    last_run_id: r.last_run_id,
    last_case_result_id: r.last_case_result_id,
  }));
}

export function findTestCase(db: Db, workspaceId: number, testCaseId: number) {
  return db.selectFrom('test_cases').select(['id', 'name', 'identity']).where('workspace_id', '=', workspaceId).where('id', '=', testCaseId).executeTakeFirst();
}

/**
 * A test's most recent top-level results, newest first, optionally within one plan; each with its run and
 * machine, so a history strip can link to every result.
 */
export function testHistory(db: Db, workspaceId: number, testCaseId: number, { planId, limit }: { planId?: number; limit: number }) {
  return db
    .selectFrom('case_results as c')
    .innerJoin('test_runs as r', 'r.id', 'c.test_run_id')
    .innerJoin('machine_results as m', 'm.id', 'c.machine_result_id')
    .select([
      'c.id',
      'c.test_run_id',
      'c.result',
      'c.status',
      'c.duration',
      'c.start_time',
      'c.message',
      'c.machine_result_id',
      'm.title as machine_title',
      'r.test_plan_id',
      'r.build_no',
      'r.start_time as run_start_time',
      'r.re_run_parent_id',
    ])
    .where('c.workspace_id', '=', workspaceId)
    .where('c.test_case_id', '=', testCaseId)
    .where('c.parent_id', 'is', null)
    .$if(planId !== undefined, (qb) => qb.where('r.test_plan_id', '=', planId!))
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

export type PlanTrendRow = Awaited<ReturnType<typeof planTrend>>[number];
export type HistoryRow = Awaited<ReturnType<typeof testHistory>>[number];
