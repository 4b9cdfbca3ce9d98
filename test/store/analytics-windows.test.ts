/**
 * The reads across a plan's recent runs (failing tests, flip-rate and retry-flaky tests, first seen) give
 * what their definitions say (docs/triage.md), read here straight off every case row, on every database:
 * random histories of two plans sharing tests, written through the document way in, with absent tests,
 * skips, results on two machines, data-driven iterations, retries and re-runs. The reads take shortcuts
 * (only failed rows, only the tests that can flip); this holds them to the plain reading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDocument, RunDocument } from '../../src/core/document.js';
import { ensureWorkspace } from '../../src/store/workspace-repository.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { failingTests } from '../../src/store/analytics-repository.js';
import { retryFlakyTests } from '../../src/store/flaky-repository.js';
import { firstSeenRuns } from '../../src/store/triage-repository.js';
import { flipRateFlakyTests } from '../../src/triage/flaky-tests.js';
import { DATABASES, freshStore } from '../helpers/databases.js';

const NOW = Date.parse('2026-11-30T00:00:00Z');

/** Deterministic numbers in [0, 1) (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Names sort alike in every collation (letters and digits); every fifth test shares its name with another suite's.
const TESTS = Array.from({ length: 14 }, (_, i) => ({ suite: i % 5 === 4 ? 'Other' : 'Main', name: `check${String(i % 5 === 4 ? i - 1 : i).padStart(2, '0')}` }));
const CAUSES = [
  { errorType: 'TimeoutError', message: 'waited 30000 ms for #pay' },
  { errorType: 'AssertionError', message: 'expected 200 got 500' },
  { errorType: 'TypeError', message: 'x is undefined' },
];

function historyOf(seed: number): RunDocument[] {
  const rnd = random(seed);
  // Each test leans its own way: steady, broken, flaky or coming and going.
  const failRate = TESTS.map(() => [0, 0.05, 0.4, 0.9, 1][Math.floor(rnd() * 5)]!);
  const docs: RunDocument[] = [];
  for (let r = 0; r < 28; r++) {
    const plan = r % 3 === 2 ? 'Side' : 'Main plan';
    const machines = rnd() < 0.5 ? ['Linux Chrome'] : ['Linux Chrome', 'Windows Edge'];
    docs.push({
      testPlan: plan,
      startTime: new Date(NOW - (28 - r) * 3_600_000).toISOString(),
      machines: machines.map((title) => ({
        deviceConfiguration: { title },
        suites: ['Main', 'Other'].map((suite) => ({
          name: suite,
          cases: TESTS.flatMap((t, i): CaseDocument[] => {
            if (t.suite !== suite || rnd() < 0.12) return [];
            const roll = rnd();
            const cause = CAUSES[(i + (rnd() < 0.2 ? 1 : 0)) % CAUSES.length]!;
            if (roll < 0.08) return [{ name: t.name, result: 'NOT_EXECUTED' }];
            if (roll < 0.12) return [{ name: t.name, result: 'SKIPPED' }];
            const failed = rnd() < failRate[i]!;
            if (i === 6) return [{ name: t.name, isDataDriven: true, iterations: [{ name: 'a', result: failed ? 'FAILURE' : 'SUCCESS', message: failed ? cause.message : undefined }, { name: 'b', result: 'SUCCESS' }] }];
            if (failed) return [{ name: t.name, result: rnd() < 0.15 ? 'ABORTED' : 'FAILURE', ...cause }];
            return [{ name: t.name, result: 'SUCCESS', ...(rnd() < 0.25 ? { flaky: true } : {}) }];
          }),
        })).filter((s) => s.cases.length),
      })),
    });
  }
  return docs;
}

interface Row { id: number; test_run_id: number; test_case_id: number; parent_id: number | null; result: string; flaky: number; fingerprint: string | null; suite: string }

const FAILED = new Set(['FAILURE', 'ABORTED']);
const byKey = <T,>(key: (t: T) => (string | number)[]) => (a: T, b: T) => {
  const [x, y] = [key(a), key(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
};

describe.each(DATABASES)('analytics windows on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  beforeAll(async () => {
    store = await freshStore(kind);
  });
  afterAll(() => store.drop());

  for (const seed of [1, 2, 3]) {
    describe(`history ${seed}`, () => {
      let workspaceId: number;
      let rows: Row[];
      let runs: { id: number; test_plan_id: number; re_run_parent_id: number | null }[];
      let names: Map<number, string>;
      let plans: number[];

      beforeAll(async () => {
        workspaceId = await ensureWorkspace(store.db, store.traits, `w${seed}`, NOW);
        const ids: number[] = [];
        const docs = historyOf(seed);
        for (const [i, doc] of docs.entries()) {
          // Now and then a re-run of the run before it in the plan: it holds the failures, passing now.
          const parent = i >= 3 && i % 7 === 0 ? ids[i - 3] : undefined;
          ids.push(await ingestDocument(store, workspaceId, parent ? { ...doc, reRunParentId: parent, reRunType: 'ONLY_FAILED_TESTS' } : doc, { now: NOW }));
        }
        rows = (await store.db
          .selectFrom('case_results as c')
          .innerJoin('test_suites as s', 's.id', 'c.suite_id')
          .select(['c.id', 'c.test_run_id', 'c.test_case_id', 'c.parent_id', 'c.result', 'c.flaky', 'c.fingerprint', 's.name as suite'])
          .where('c.workspace_id', '=', workspaceId)
          .execute()) as Row[];
        runs = await store.db.selectFrom('test_runs').select(['id', 'test_plan_id', 're_run_parent_id']).where('workspace_id', '=', workspaceId).execute();
        names = new Map((await store.db.selectFrom('test_cases').select(['id', 'name']).where('workspace_id', '=', workspaceId).execute()).map((t) => [t.id, t.name]));
        plans = [...new Set(runs.map((r) => r.test_plan_id))];
      });

      const window = (plan: number, n: number) =>
        new Set(runs.filter((r) => r.test_plan_id === plan && r.re_run_parent_id === null).map((r) => r.id).sort((a, b) => b - a).slice(0, n));
      const groupBy = <K,>(items: Row[], key: (r: Row) => K) => {
        const out = new Map<K, Row[]>();
        for (const r of items) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
        return out;
      };

      /** Flip-rate flaky, read off the rows: outcomes per run, skips left out, flips between consecutive outcomes. */
      function expectedFlaky(plan: number, n: number, limit: number, minFlips: number, minFlipRate: number) {
        const w = window(plan, n);
        const tests = groupBy(rows.filter((r) => w.has(r.test_run_id) && r.parent_id === null), (r) => r.test_case_id);
        const out = [];
        for (const [testId, own] of tests) {
          const judged = [...groupBy(own, (r) => r.test_run_id)]
            .map(([runId, rs]) => ({ runId, failed: rs.some((r) => FAILED.has(r.result)), passed: rs.some((r) => r.result === 'SUCCESS'), last: Math.max(...rs.map((r) => r.id)) }))
            .filter((o) => o.failed || o.passed)
            .sort((a, b) => a.runId - b.runId);
          if (!judged.length) continue;
          const flips = judged.filter((o, i) => i > 0 && o.failed !== judged[i - 1]!.failed).length;
          if (flips < minFlips || flips < minFlipRate * (judged.length - 1)) continue;
          out.push({
            test_case_id: testId, name: names.get(testId)!, flips, runs: judged.length, failed_runs: judged.filter((o) => o.failed).length,
            last_run_id: Math.max(...judged.map((o) => o.runId)), last_case_result_id: Math.max(...judged.map((o) => o.last)),
          });
        }
        return out.sort(byKey((r) => [-r.flips, r.name, r.test_case_id])).slice(0, limit);
      }

      function expectedFailing(plan: number, n: number, limit: number) {
        const w = window(plan, n);
        const tests = groupBy(rows.filter((r) => w.has(r.test_run_id) && r.parent_id === null), (r) => r.test_case_id);
        const out = [];
        for (const [testId, own] of tests) {
          const failed = own.filter((r) => FAILED.has(r.result));
          if (!failed.length) continue;
          const last = failed.reduce((a, b) => (b.id > a.id ? b : a));
          out.push({
            test_case_id: testId, name: names.get(testId)!, suite_name: own.map((r) => r.suite).sort().at(-1)!, results: own.length, failures: failed.length,
            runs: new Set(own.map((r) => r.test_run_id)).size, last_failed_case_result_id: last.id, last_failed_run_id: last.test_run_id,
          });
        }
        return out.sort(byKey((r) => [-r.failures, r.name, r.test_case_id])).slice(0, limit);
      }

      it('flip-rate flaky tests: every window, minimum, rate and limit gives the list the definition gives', async () => {
        for (const plan of plans) {
          for (const n of [1, 3, 8, 30]) {
            for (const limit of [1, 3, 200]) {
              for (const [minFlips, minFlipRate] of [[1, 0], [2, 0], [1, 0.5], [3, 0.25]] as const) {
                const got = await flipRateFlakyTests(store.db, workspaceId, plan, { runs: n, limit, minFlips, minFlipRate });
                expect(got, `plan ${plan}, ${n} runs, limit ${limit}, minFlips ${minFlips}, rate ${minFlipRate}`).toEqual(expectedFlaky(plan, n, limit, minFlips, minFlipRate));
              }
            }
          }
        }
        // The histories do have flaky tests to find.
        expect(expectedFlaky(plans[0]!, 30, 200, 2, 0).length).toBeGreaterThan(0);
      });

      it('failing tests: failures, results, runs, suite and last failure as the definition gives them', async () => {
        for (const plan of plans) {
          for (const n of [1, 3, 8, 30]) {
            for (const limit of [1, 3, 200]) {
              expect(await failingTests(store.db, workspaceId, plan, { runs: n, limit }), `plan ${plan}, ${n} runs, limit ${limit}`).toEqual(expectedFailing(plan, n, limit));
            }
          }
        }
      });

      it('retry-flaky tests: in how many of the runs each was marked flaky', async () => {
        for (const plan of plans) {
          for (const n of [1, 8, 30]) {
            const w = window(plan, n);
            const expected = [...groupBy(rows.filter((r) => w.has(r.test_run_id) && r.flaky === 1), (r) => r.test_case_id)].map(([testId, own]) => ({
              test_case_id: testId, name: names.get(testId)!, flaky_runs: new Set(own.map((r) => r.test_run_id)).size,
              last_run_id: Math.max(...own.map((r) => r.test_run_id)), last_case_result_id: Math.max(...own.map((r) => r.id)),
            }));
            // Tests of one name and count may come in either order: compare in a fixed one.
            const got = await retryFlakyTests(store.db, workspaceId, plan, { runs: n, limit: 200 });
            expect(got.map((r) => [r.flaky_runs, r.name])).toEqual([...got].sort(byKey((r) => [-r.flaky_runs, r.name])).map((r) => [r.flaky_runs, r.name]));
            expect([...got].sort(byKey((r) => [r.test_case_id]))).toEqual(expected.sort(byKey((r) => [r.test_case_id])));
          }
        }
      });

      it('first seen: the oldest run of the plan with a failure of that cause', async () => {
        const causes = [...new Set(rows.map((r) => r.fingerprint).filter((f): f is string => f !== null))];
        expect(causes.length).toBeGreaterThan(1);
        for (const plan of plans) {
          const planRuns = new Set(runs.filter((r) => r.test_plan_id === plan).map((r) => r.id));
          const expected = new Map<string, number>();
          for (const r of rows) if (r.fingerprint && planRuns.has(r.test_run_id) && !(expected.get(r.fingerprint)! <= r.test_run_id)) expected.set(r.fingerprint, r.test_run_id);
          expect(await firstSeenRuns(store.db, workspaceId, plan, [...causes, 'never-seen'])).toEqual(expected);
        }
      });
    });
  }
});

describe.each(DATABASES)('flip-rate flaky tests judged in batches, on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  beforeAll(async () => {
    store = await freshStore(kind);
  });
  afterAll(() => store.drop());

  it('a test judged last, flipping as often as the best judged first, still wins on its name', async () => {
    // Six runs. Three tests failed in half of them once and for all (bound 5, 1 flip), "zz" flipped 4 times
    // (bound 5): judged first. "aa" failed twice (bound 4) and flipped 4 times: it ties and sorts first.
    const outcomes: Record<string, string> = { zz: 'PFPFFP', mm1: 'FFFPPP', mm2: 'FFFPPP', mm3: 'FFFPPP', aa: 'PFPFPP' };
    const workspaceId = await ensureWorkspace(store.db, store.traits, 'ties', NOW);
    for (let r = 0; r < 6; r++) {
      const cases = Object.entries(outcomes).map(([name, o]): CaseDocument => ({ name, result: o[r] === 'F' ? 'FAILURE' : 'SUCCESS' }));
      await ingestDocument(store, workspaceId, { testPlan: 'Ties', machines: [{ deviceConfiguration: { title: 'Linux' }, suites: [{ name: 'S', cases }] }] }, { now: NOW });
    }
    const plan = (await store.db.selectFrom('test_plans').select('id').where('workspace_id', '=', workspaceId).executeTakeFirstOrThrow()).id;
    const [top] = await flipRateFlakyTests(store.db, workspaceId, plan, { runs: 30, limit: 1, minFlips: 1, minFlipRate: 0 });
    expect(top).toMatchObject({ name: 'aa', flips: 4, runs: 6, failed_runs: 2 });
  });
});
