/**
 * A demo data set so a newcomer sees something real: the seed's sample run (ids as on the page) plus a
 * plan with a week of nightly runs on three machines, data-driven cases, step groups, a flaky test and a
 * re-run of failed tests. Generated with a fixed seed, so every load is the same; loaded through the same
 * ingestion code as any upload.
 */
import type { CaseDocument, RunDocument, StepDocument } from '../core/document.js';
import { ingestDocument } from '../ingest/index.js';
import type { Store } from '../store/dialect.js';
import { runIdTaken } from '../store/run-repository.js';
import { seedRunDocument, SEED_RUN_ID } from './seed-run.js';

/** mulberry32: a tiny deterministic PRNG. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MACHINES = [
  { title: 'Linux Chrome', platform: 'Linux', browser: 'GoogleChrome', browserVersion: '126.0', osType: 'LINUX', osVersion: 'Debian 12' },
  { title: 'macOS Safari', platform: 'Mac', browser: 'Safari', browserVersion: '17.5', osType: 'MACOSX', osVersion: '14.5' },
  { title: 'Windows Edge', platform: 'Windows', browser: 'MicrosoftEdge', browserVersion: '126.0', osType: 'WINDOWS', osVersion: '11' },
];

const SUITES: Record<string, string[]> = {
  Cart: ['Add item to cart', 'Remove item from cart', 'Update quantity', 'Cart persists after login', 'Apply coupon'],
  Checkout: ['Guest checkout', 'Checkout with saved card', 'Checkout with PayPal', 'Shipping address validation', 'Order confirmation email'],
  Search: ['Search by keyword', 'Filter by price', 'Sort by rating', 'Empty result page', 'Search suggestions'],
  Account: ['Sign up', 'Sign in', 'Reset password', 'Update profile'],
};

const FLAKY = 'Checkout with PayPal';
const BROKEN_ON_SAFARI = 'Sort by rating';

function steps(rand: () => number, failAt: number | null): StepDocument[] {
  const actions = ['Navigate to https://shop.example.com/', 'Enter user@example.com in the Email field', 'Click on Continue Button', 'Verify that the current page displays text Order summary'];
  const out: StepDocument[] = actions.map((action, i) => ({
    type: 'NLP_TEXT',
    action,
    result: failAt === null || i < failAt ? 'SUCCESS' : i === failAt ? 'FAILURE' : undefined,
    message: failAt === i ? 'Element is not displayed within 30 seconds.' : undefined,
    errorCode: failAt === i ? 1030100 : undefined,
    duration: Math.round(300 + rand() * 2500),
  }));
  out.splice(2, 0, {
    type: 'STEP_GROUP',
    action: 'Log in as a returning customer',
    steps: [
      { type: 'NLP_TEXT', action: 'Enter secret in the Password field', result: 'SUCCESS', duration: Math.round(200 + rand() * 400) },
      { type: 'NLP_TEXT', action: 'Click on Sign In Button', result: 'SUCCESS', duration: Math.round(200 + rand() * 900) },
    ],
  });
  return out;
}

function nightly(day: number, rand: () => number): RunDocument {
  const start = Date.parse('2026-11-20T02:00:00Z') + day * 86_400_000;
  let clock = start;
  const iso = (ms: number) => new Date(ms).toISOString();
  const machines = MACHINES.map((m) => {
    clock = start + Math.round(rand() * 5000);
    const machineStart = clock;
    const suites = Object.entries(SUITES).map(([suite, names]) => {
      const suiteStart = clock;
      const cases: CaseDocument[] = names.map((name) => {
        const caseStart = clock + 1000;
        let fails = rand() < 0.04;
        if (name === FLAKY) fails = (day + m.title.length) % 2 === 0;
        if (name === BROKEN_ON_SAFARI && m.browser === 'Safari' && day >= 3) fails = true;
        const skipped = name === 'Order confirmation email' && m.browser === 'Safari';
        const body = skipped ? [] : steps(rand, fails ? 1 + Math.floor(rand() * 3) : null);
        const duration = body.reduce((s, st) => s + (st.duration ?? 0), 0) + 1500;
        clock = caseStart + duration;
        if (name === 'Apply coupon') {
          const coupons = ['SAVE10', 'FREESHIP', 'EXPIRED2020'];
          return {
            name,
            isDataDriven: true,
            iterations: coupons.map((code, i) => ({
              name: `coupon=${code}`,
              startTime: iso(caseStart + i * 2000),
              endTime: iso(caseStart + i * 2000 + 1800),
              steps: [
                { type: 'NLP_TEXT', action: `Enter ${code} in the Coupon field`, result: 'SUCCESS' },
                code === 'EXPIRED2020' && day % 3 === 0
                  ? { type: 'NLP_TEXT', action: 'Verify that the discount is applied', result: 'FAILURE', message: 'Expected "Coupon expired" but found "10% off"', errorCode: 1000001 }
                  : { type: 'NLP_TEXT', action: 'Verify that the discount is applied', result: 'SUCCESS' },
              ] as StepDocument[],
            })),
          } satisfies CaseDocument;
        }
        return skipped
          ? { name, result: 'SKIPPED', message: 'Email sandbox is not available on Safari agents', startTime: iso(caseStart), endTime: iso(caseStart) }
          : { name, startTime: iso(caseStart), endTime: iso(clock), steps: body };
      });
      return { name: suite, startTime: iso(suiteStart), endTime: iso(clock + 500), cases };
    });
    return {
      deviceConfiguration: { ...m, resolution: '1920x1080', hostName: `agent-${m.osType.toLowerCase()}-01`, deviceName: null },
      startTime: iso(machineStart),
      endTime: iso(clock + 1000),
      suites,
    };
  });
  return {
    testPlan: 'Web Shop Nightly',
    buildNo: `2026.11.${20 + day}-${100 + day}`,
    triggeredType: 'SCHEDULED',
    executor: 'nightly@shop.example.com',
    startTime: iso(start),
    environment: {
      branch: 'main',
      commit: (0xabcdef0 + day * 7919).toString(16),
      ci: 'GitHub Actions',
      repositoryUrl: 'https://github.com/example/web-shop',
      jobUrl: `https://github.com/example/web-shop/actions/runs/${7_100_200 + day}`,
    },
    machines,
  };
}

/** Re-run only the failed cases of a run document, now passing (the usual "flaky retry" story). */
function reRunOfFailures(doc: RunDocument, parentId: number): RunDocument | undefined {
  const machines = doc.machines
    .map((m) => ({
      ...m,
      suites: m.suites
        .map((s) => ({
          ...s,
          cases: s.cases
            .filter((c) => (c.steps ?? []).some((st) => st.result === 'FAILURE'))
            .map((c) => ({ name: c.name, steps: (c.steps ?? []).map((st) => ({ ...st, result: st.type === 'STEP_GROUP' ? undefined : 'SUCCESS' as const, message: null, errorCode: null })) })),
        }))
        .filter((s) => s.cases.length),
    }))
    .filter((m) => m.suites.length);
  if (!machines.length) return undefined;
  return { ...doc, reRunParentId: parentId, reRunType: 'ONLY_FAILED_TESTS', triggeredType: 'API', buildNo: `${doc.buildNo}-rerun`, machines, startTime: null };
}

export interface DemoSummary {
  runs: number;
  seedLoaded: boolean;
}

/** Loads the demo into a workspace; the seed run is loaded once (its ids are fixed). */
export async function loadDemo(store: Store, workspaceId: number, now: number): Promise<DemoSummary> {
  let runs = 0;
  const seedLoaded = !(await runIdTaken(store.db, SEED_RUN_ID));
  if (seedLoaded) {
    await ingestDocument(store, workspaceId, seedRunDocument(), { now, trustFixedIds: true });
    runs++;
  }
  const rand = random(20261128);
  for (let day = 0; day < 7; day++) {
    const doc = nightly(day, rand);
    const runId = await ingestDocument(store, workspaceId, doc, { now });
    runs++;
    if (day === 5) {
      const rerun = reRunOfFailures(doc, runId);
      if (rerun) {
        await ingestDocument(store, workspaceId, rerun, { now });
        runs++;
      }
    }
  }
  return { runs, seedLoaded };
}
