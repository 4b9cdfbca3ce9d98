/**
 * One behavioural suite for every way in (Hono's shared router suite, applied to ingestion): the same run
 * sent as a document, as a report file (CTRF), through the live API, through ReportPortal's API and as an
 * Allure results directory (a tar, as `verdict upload allure-results/` sends it) gives the same bodies at
 * every level, but for what a format itself says differently (a door's `inherent`); a re-run naming a run of
 * another plan is refused by each with the same 400; what is sent twice is stored once. A new way in joins
 * the DOORS table.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tarDirectory } from '../../src/cli/tar-writer.js';
import { DATABASES } from '../helpers/databases.js';
import { testApp } from '../helpers/app.js';
import { rowCounts } from '../http/import-support.js';

type App = Awaited<ReturnType<typeof testApp>>;

/** The run every door sends: one machine, two suites, a passing case, a case failing at its last step, a skipped case. */
const T0 = Date.parse('2026-11-20T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();
const CASES = [
  { suite: 'Cart', name: 'adds an item', result: 'PASSED', start: 0, end: 3, steps: [['open the cart', 'SUCCESS'], ['press add', 'SUCCESS']] },
  { suite: 'Cart', name: 'applies a coupon', result: 'FAILED', start: 3, end: 7, message: 'coupon refused', steps: [['open the cart', 'SUCCESS'], ['enter the coupon', 'FAILURE']] },
  { suite: 'Checkout', name: 'pays by card', result: 'SKIPPED', start: 7, end: 7, steps: [] },
] as const;
const MACHINE = 'Linux Chrome';
const span = (suite?: string) => {
  const cases = CASES.filter((c) => !suite || c.suite === suite);
  return { start: Math.min(...cases.map((c) => c.start)), end: Math.max(...cases.map((c) => c.end)) };
};

interface Door {
  /** Sends the run; `twice` sends the same request again (a client's retry). */
  send(t: App, plan: string, options?: { reRunParentId?: number; twice?: boolean }): Promise<{ statusCode: number; body: Record<string, unknown> }>;
  /** The door can name a re-run's parent by its Verdict id (ReportPortal names launches by UUID instead). */
  namesParentRun?: false;
  /**
   * What the door's format says that the document cannot, blanked in both bodies before they are compared:
   * each a difference the format makes (docs/importing.md says why), never one of the way in.
   */
  inherent?: (bodies: Bodies) => void;
}

interface Bodies {
  machines: { deviceConfiguration: Record<string, unknown> }[];
  cases: { errorType: unknown; category: unknown; metrics: Record<string, unknown> }[];
  steps: { priority: unknown; errorType: unknown }[][];
}

const document = (plan: string, reRunParentId?: number) => ({
  testPlan: plan,
  key: `${plan}-build`,
  environment: { tool: 'ways-in' }, // what the CTRF report says of itself
  ...(reRunParentId ? { reRunParentId } : {}),
  machines: [
    {
      deviceConfiguration: { title: MACHINE },
      suites: ['Cart', 'Checkout'].map((suite) => ({
        name: suite,
        cases: CASES.filter((c) => c.suite === suite).map((c) => ({
          name: c.name,
          result: c.result,
          message: 'message' in c ? c.message : null,
          startTime: at(c.start),
          endTime: at(c.end),
          steps: c.steps.map(([action, result]) => ({ action, result })),
        })),
      })),
    },
  ],
});

const ctrf = () =>
  JSON.stringify({
    reportFormat: 'CTRF',
    specVersion: '0.0.0',
    results: {
      tool: { name: 'ways-in' },
      summary: { tests: 3, passed: 1, failed: 1, skipped: 1, pending: 0, other: 0, start: T0 + span().start * 1000, stop: T0 + span().end * 1000 },
      tests: CASES.map((c) => ({
        name: c.name,
        status: { PASSED: 'passed', FAILED: 'failed', SKIPPED: 'skipped' }[c.result],
        duration: (c.end - c.start) * 1000,
        start: T0 + c.start * 1000,
        stop: T0 + c.end * 1000,
        suite: [c.suite],
        ...('message' in c ? { message: c.message } : {}),
        ...(c.steps.length ? { steps: c.steps.map(([name, result]) => ({ name, status: result === 'SUCCESS' ? 'passed' : 'failed' })) } : {}),
      })),
    },
  });

/** The run as an Allure adapter writes it: one `<uuid>-result.json` per case (suite and host as labels), and `environment.properties`. */
const allureResults = (): Record<string, string> => ({
  'environment.properties': 'tool=ways-in\n',
  ...Object.fromEntries(
    CASES.map((c, i) => {
      const uuid = `0000000${i}-ways-in`;
      const result = {
        uuid,
        name: c.name,
        fullName: `${c.suite} ${c.name}`,
        status: { PASSED: 'passed', FAILED: 'failed', SKIPPED: 'skipped' }[c.result],
        statusDetails: 'message' in c ? { message: c.message } : {},
        start: T0 + c.start * 1000,
        stop: T0 + c.end * 1000,
        steps: c.steps.map(([name, result]) => ({ name, status: result === 'SUCCESS' ? 'passed' : 'failed', statusDetails: {}, steps: [], attachments: [], parameters: [] })),
        labels: [{ name: 'suite', value: c.suite }, { name: 'host', value: MACHINE }],
        attachments: [],
        parameters: [],
      };
      return [`${uuid}-result.json`, JSON.stringify(result)];
    }),
  ),
});

/** The directory as `verdict upload allure-results/` sends it: one tar. */
async function allureTar(): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'verdict-ways-in-'));
  try {
    for (const [name, text] of Object.entries(allureResults())) writeFileSync(join(dir, name), text);
    const parts: Buffer[] = [];
    for await (const chunk of tarDirectory(dir)) parts.push(chunk);
    return Buffer.concat(parts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DOORS: Record<string, Door> = {
  document: {
    async send(t, plan, options = {}) {
      let res = await t.post('/api/v3/test_runs', document(plan, options.reRunParentId));
      if (options.twice) res = await t.post('/api/v3/test_runs', document(plan, options.reRunParentId));
      return { statusCode: res.statusCode, body: res.json() };
    },
  },
  import: {
    async send(t, plan, options = {}) {
      const url = `/api/v3/imports?plan=${plan}&machine=${encodeURIComponent(MACHINE)}&runKey=${plan}-build${options.reRunParentId ? `&reRunParentId=${options.reRunParentId}` : ''}`;
      const upload = () => t.app.inject({ method: 'POST', url, headers: { ...t.auth, 'content-type': 'application/json' }, payload: ctrf() });
      let res = await upload();
      if (options.twice) res = await upload();
      return { statusCode: res.statusCode, body: res.json() };
    },
  },
  live: {
    async send(t, plan, options = {}) {
      const opened = await t.post('/api/v3/live/test_runs', { testPlan: plan, key: `${plan}-build`, environment: { tool: 'ways-in' }, startTime: at(span().start), ...(options.reRunParentId ? { reRunParentId: options.reRunParentId } : {}) });
      if (opened.statusCode >= 400) return { statusCode: opened.statusCode, body: opened.json() };
      const runId = opened.json().id;
      const batch = {
        machines: [{ key: 'm', deviceConfiguration: { title: MACHINE }, startTime: at(span().start), endTime: at(span().end), state: 'FINISHED' }],
        suites: ['Cart', 'Checkout'].map((s) => ({ key: s, machineKey: 'm', name: s, startTime: at(span(s).start), endTime: at(span(s).end), state: 'FINISHED' })),
        cases: CASES.map((c) => ({ key: c.name, suiteKey: c.suite, name: c.name, result: c.result, startTime: at(c.start), endTime: at(c.end), ...('message' in c ? { message: c.message } : {}) })),
        steps: CASES.flatMap((c) => c.steps.map(([action, result], i) => ({ key: `${c.name}/${i}`, caseKey: c.name, action, result }))),
      };
      const sent = await t.post(`/api/v3/live/test_runs/${runId}/results`, batch);
      expect(sent.statusCode, sent.body).toBe(200);
      if (options.twice) expect((await t.post(`/api/v3/live/test_runs/${runId}/results`, batch)).statusCode).toBe(200);
      const res = await t.post(`/api/v3/live/test_runs/${runId}/finish`, { endTime: at(span().end) });
      return { statusCode: res.statusCode, body: res.json() };
    },
  },
  // An Allure results directory: the result files an adapter writes, sent as a tar.
  allure: {
    inherent(bodies) {
      for (const m of bodies.machines) m.deviceConfiguration.hostName = '<host label>'; // Allure's `host` label names the machine and is its host name.
      for (const c of bodies.cases) {
        // A failed test says how (`failed` or `broken`), and is filed in a category (with no categories.json, `Product defects`).
        c.errorType = c.category = '<Allure status>';
        // Allure's steps record what happened, its status is the verdict: steps are MINOR with ignoreResult, counted in no case metrics.
        for (const k of ['passedCount', 'failedCount', 'totalCount']) c.metrics[k] = '<MINOR steps>';
      }
      for (const s of bodies.steps.flat()) s.priority = s.errorType = '<Allure step>';
    },
    async send(t, plan, options = {}) {
      const url = `/api/v3/imports?plan=${plan}&runKey=${plan}-build${options.reRunParentId ? `&reRunParentId=${options.reRunParentId}` : ''}`;
      const body = await allureTar();
      const upload = () => t.app.inject({ method: 'POST', url, headers: { ...t.auth, 'content-type': 'application/x-tar' }, payload: body });
      let res = await upload();
      if (options.twice) res = await upload();
      return { statusCode: res.statusCode, body: res.json() };
    },
  },
  // ReportPortal's agents' way: a launch, SUITE and STEP items (starts without a UUID, as agents send
  // them), nested steps, an error log for the failure's message, finishes with statuses.
  reportportal: {
    namesParentRun: false,
    async send(t, plan, options = {}) {
      const send = async (method: 'POST' | 'PUT', path: string, payload: Record<string, unknown>) => {
        let res = await t.app.inject({ method, url: `/api/v1/acme${path}`, headers: t.auth, payload });
        if (options.twice) res = await t.app.inject({ method, url: `/api/v1/acme${path}`, headers: t.auth, payload });
        expect(res.statusCode, res.body).toBeLessThan(300);
        return res.json();
      };
      const launchUuid = `launch-${plan}`;
      await send('POST', '/launch', { name: plan, uuid: launchUuid, startTime: at(span().start), attributes: [{ key: 'tool', value: 'ways-in' }, { key: 'os', value: 'Linux|Chrome', system: true }] });
      for (const suite of ['Cart', 'Checkout']) {
        const suiteId = (await send('POST', '/item/', { name: suite, type: 'SUITE', launchUuid, startTime: at(span(suite).start) })).id;
        for (const c of CASES.filter((x) => x.suite === suite)) {
          const caseId = (await send('POST', `/item/${suiteId}`, { name: c.name, type: 'STEP', launchUuid, startTime: at(c.start) })).id;
          for (const [action, result] of c.steps) {
            const stepId = (await send('POST', `/item/${caseId}`, { name: action, type: 'STEP', hasStats: false, launchUuid })).id;
            await send('PUT', `/item/${stepId}`, { launchUuid, status: result === 'SUCCESS' ? 'passed' : 'failed' });
          }
          if ('message' in c) await send('POST', '/log', { launchUuid, itemUuid: caseId, time: at(c.end), level: 'error', message: c.message });
          await send('PUT', `/item/${caseId}`, { launchUuid, endTime: at(c.end), status: c.result.toLowerCase() });
        }
        await send('PUT', `/item/${suiteId}`, { launchUuid, endTime: at(span(suite).end) });
      }
      const { number } = await send('PUT', `/launch/${launchUuid}/finish`, { endTime: at(span().end) });
      const res = await t.get(`/api/v3/test_runs/${number}`);
      return { statusCode: res.statusCode, body: res.json() };
    },
  },
};

/** Ids differ from door to door (and import adds its summary); everything else must not. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== 'import')
      .map(([k, v]) => [k, /^(id|.*Id)$/.test(k) && v !== null ? '<id>' : withoutIds(v)]),
  );
}

/** R1, R3, R5, R7 and R9 of a run, ids masked. */
async function bodies(t: App, runId: number) {
  const run = (await t.get(`/api/v3/test_runs/${runId}`)).json();
  const machines = (await t.get(`/api/v3/test_runs/${runId}/test_machine_results`)).json().content;
  const suites = (await t.get(`/api/v3/test_runs/${runId}/test_suite_results`)).json().content;
  const cases = (await t.get(`/api/v3/test_runs/${runId}/test_case_results?size=100`)).json().content;
  const one = async (path: string) => (await t.get(`/api/v3/test_runs/${runId}/${path}`)).json();
  return withoutIds({
    run: { ...run, testPlanName: 'ways' },
    machines: await Promise.all(machines.map((m: { id: number }) => one(`test_machine_results/${m.id}`))),
    suites: await Promise.all(suites.map((s: { id: number }) => one(`test_suite_results/${s.id}`))),
    cases: await Promise.all(cases.map((c: { id: number }) => one(`test_case_results/${c.id}`))),
    steps: await Promise.all(cases.map(async (c: { id: number }) => (await one(`test_case_results/${c.id}/step_results/`)).content)),
  });
}

describe.each(DATABASES)('every way in, on %s', (kind) => {
  let t: App;
  beforeEach(async () => {
    t = await testApp(kind);
  });
  afterEach(() => t.close());

  it('the same run sent each way gives the same bodies at every level', async () => {
    const seen: Record<string, unknown> = {};
    for (const [name, door] of Object.entries(DOORS)) {
      const res = await door.send(t, `ways-${name}`);
      expect(res.statusCode, JSON.stringify(res.body)).toBeLessThan(300);
      seen[name] = await bodies(t, res.body.id as number);
    }
    for (const [name, door] of Object.entries(DOORS)) {
      const seenBy = (b: unknown) => {
        const copy = structuredClone(b) as Bodies;
        door.inherent?.(copy);
        return copy;
      };
      expect(seenBy(seen[name]), name).toEqual(seenBy(seen.document));
    }
    // And the run is what was sent: 3 cases, 1 passed, 1 failed, 1 skipped.
    expect((seen.document as { run: { metrics: unknown; result: string } }).run).toMatchObject({ result: 'FAILURE', metrics: { totalCount: 3, passedCount: 1, failedCount: 1, notExecutedCount: 1, skippedCount: 1 } });
  });

  it.each(Object.keys(DOORS).filter((d) => DOORS[d]!.namesParentRun !== false))('%s: a re-run of a run of another plan is a 400 naming reRunParentId, and nothing is stored', async (name) => {
    const other = await DOORS.document!.send(t, 'other-plan');
    const before = await rowCounts(t.store);
    const res = await DOORS[name]!.send(t, `rerun-${name}`, { reRunParentId: other.body.id as number });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_DOCUMENT', fieldErrors: [{ field: 'reRunParentId' }] });
    const after = await rowCounts(t.store);
    expect({ ...after, test_plans: 0 }).toEqual({ ...before, test_plans: 0 });
  });

  it.each(Object.keys(DOORS))('%s: what is sent twice is stored once', async (name) => {
    const results = async () => {
      const { test_runs, machine_results, suite_results, case_results, step_results } = await rowCounts(t.store);
      return { test_runs, machine_results, suite_results, case_results, step_results };
    };
    const before = await results();
    const once = await DOORS[name]!.send(t, `once-${name}`);
    const between = await results();
    const twice = await DOORS[name]!.send(t, `twice-${name}`, { twice: true });
    const after = await results();
    expect(twice.statusCode).toBeLessThan(300);
    const added = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.keys(a).map((k) => [k, b[k]! - a[k]!]));
    expect(added(between, after)).toEqual(added(before, between));
    expect(await bodies(t, twice.body.id as number)).toEqual(await bodies(t, once.body.id as number));
  });
});
