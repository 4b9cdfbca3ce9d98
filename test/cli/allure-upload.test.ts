/**
 * Allure results through `verdict upload DIR` (a tar of the directory) to a listening server, for each
 * adapter's real results (test/fixtures/allure): the designed counts, suites, steps, retries, parameters,
 * labels, links, categories and attachments of test/fixtures/allure/expected.json, read back through the API.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../src/cli/commands/import.js';
import { uploadCommand } from '../../src/cli/commands/upload.js';
import { DATABASES } from '../helpers/databases.js';
import { testApp } from '../helpers/app.js';
import { zipOf } from '../helpers/zip-writer.js';

const FIXTURES = 'test/fixtures/allure';
const expected = JSON.parse(readFileSync(`${FIXTURES}/expected.json`, 'utf8')) as Expected;

interface ExpectedStep {
  name: string;
  status: string;
  steps?: ExpectedStep[];
  parameters?: { name: string; value: string }[];
  attachments?: { name: string; type: string; content?: string; bytes?: number }[];
}
interface ExpectedTest {
  name: string;
  fullName: string;
  suites: Record<string, string>;
  status: string;
  attempts: string[];
  flaky: boolean;
  statusDetails?: { message?: string };
  labels: Record<string, string[]>;
  links: { name: string; url: string; type: string | null }[];
  parameters: { name: string; value: string; excluded?: boolean; mode?: string }[];
  parametersShown?: { name: string; value?: string; excluded?: boolean; masked?: boolean }[];
  steps: ExpectedStep[];
  attachments: { name: string; type: string; content?: string; bytes?: number }[];
  category: string | null;
  description?: string;
}
interface Expected {
  adapters: Record<string, { counts: Record<string, number>; executor: { buildOrder: number; name: string; buildUrl: string }; environment: Record<string, string>; tests: ExpectedTest[] }>;
}

const RESULT = { passed: 'SUCCESS', failed: 'FAILURE', broken: 'FAILURE', skipped: 'NOT_EXECUTED' } as Record<string, string>;

describe.each(DATABASES)('Allure results through verdict upload on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let server: string;
  beforeAll(async () => {
    t = await testApp(kind);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    server = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  });
  afterAll(() => t.close());

  describe.each(['vitest', 'jest', 'playwright'])('%s', (adapter) => {
    const design = expected.adapters[adapter]!;
    let runId: number;
    let cases: Record<string, any>[];

    beforeAll(async () => {
      const out: string[] = [];
      const code = await uploadCommand(['--server', server, '--key', t.key, '--plan', `allure-${adapter}`, '--json', `${FIXTURES}/results/${adapter}`], { out: (l) => out.push(l), err: () => {} }, {});
      expect(code).toBe(0);
      const body = JSON.parse(out.join('\n'));
      expect(body.import).toMatchObject({ formats: ['allure'], files: [{ name: `${adapter}.tar`, format: 'allure' }] });
      runId = body.id;
      cases = (await t.get(`/api/v3/test_runs/${runId}/test_case_results?size=200`)).json().content;
    });

    const leaves = () => cases.filter((c) => !c.isDataDriven);

    it('gives the designed counts: tests, passed, failed and broken apart, skipped, flaky', () => {
      const count = (p: (c: Record<string, any>) => boolean) => leaves().filter(p).length;
      expect({
        tests: leaves().length,
        passed: count((c) => c.result === 'SUCCESS'),
        failed: count((c) => c.result === 'FAILURE' && c.errorType === 'failed'),
        broken: count((c) => c.result === 'FAILURE' && c.errorType === 'broken'),
        skipped: count((c) => c.skipped),
        flaky: count((c) => c.flaky),
      }).toEqual(design.counts);
    });

    it('takes the build, executor and environment from executor.json and environment.properties, the machine from the host label', async () => {
      const run = (await t.get(`/api/v3/test_runs/${runId}`)).json();
      expect(run).toMatchObject({ buildNo: String(design.executor.buildOrder), executor: design.executor.name, environment: { ...design.environment, ci: design.executor.name, jobUrl: design.executor.buildUrl } });
      const machines = (await t.get(`/api/v3/test_runs/${runId}/test_machine_results`)).json().content;
      expect(machines.map((m: { deviceConfiguration: { title: string } }) => m.deviceConfiguration.title)).toEqual(['vm']);
    });

    for (const test of design.tests) {
      const key = `${test.name}${test.parameters.length ? ` [${test.parameters.filter((p) => !p.excluded && !p.mode).map((p) => `${p.name}=${p.value}`).join(', ')}]` : ''}`;
      it(`${key}: suite, result, attempts, labels, links, parameters, category, steps and attachments`, async () => {
        const shown = test.parameters.filter((p) => !p.excluded && !p.mode).map((p) => `${p.name}=${p.value}`).join(', ');
        const row = leaves().find((c) => c.name === test.name && (!c.parentId || c.dataSetName === shown))!;
        expect(row, key).toBeDefined();
        const suiteName = ['parentSuite', 'suite', 'subSuite'].map((n) => test.suites[n]).filter(Boolean).join(' › ');
        const suite = (await t.get(`/api/v3/test_runs/${runId}/test_suite_results/${row.testSuiteResultId}`)).json();
        expect(suite.name).toBe(suiteName);
        expect([row.result, row.errorType]).toEqual([RESULT[test.status], test.status === 'failed' || test.status === 'broken' ? test.status : null]);
        expect(row.flaky).toBe(test.flaky);
        expect(row.category).toBe(test.category);

        const details = (await t.get(`/api/v3/test_runs/${runId}/test_case_results/${row.id}/details`)).json();
        expect([...(details.attempts ?? []).map((a: { result: string }) => a.result), row.result]).toEqual(test.attempts.map((s) => RESULT[s]));
        if (test.statusDetails?.message) expect(row.message).toBe(test.statusDetails.message);
        const labels: Record<string, string[]> = {};
        for (const l of details.labels as { name: string; value: string }[]) (labels[l.name] ??= []).push(l.value);
        for (const [name, values] of Object.entries(test.labels)) expect(labels[name]?.sort(), name).toEqual([...values].sort());
        expect(Object.keys(labels).some((n) => n.startsWith('_'))).toBe(false);
        expect(details.links ?? []).toEqual(test.links.map((l) => ({ name: l.name, url: l.url, type: l.type ?? 'link' })));
        if (test.description) expect(details.properties.description).toBe(test.description);
        const parameters = (details.parameters ?? []).filter((p: { name: string }) => p.name !== 'Retry');
        expect(parameters).toEqual(test.parametersShown ?? []);
        // Neither a masked nor a hidden value is stored anywhere a person can read it.
        const everything = JSON.stringify([row, details]);
        for (const p of test.parameters.filter((p) => p.mode)) expect(everything).not.toContain(p.value);

        const steps = (await t.get(`/api/v3/test_runs/${runId}/test_case_results/${row.id}/step_results?size=2000`)).json().content as Record<string, any>[];
        const own = steps.filter((s) => !/^(Set up|Tear down): /.test(s.action));
        expect(tree(own)).toEqual(test.steps.map(shape));
        if (adapter === 'jest' && test.status !== 'skipped') {
          expect(steps[0]).toMatchObject({ action: 'Set up: beforeEach', result: 'SUCCESS', depth: 0 });
          expect(steps.at(-1)).toMatchObject({ action: 'Tear down: afterAll', result: 'SUCCESS', depth: 0 });
        }

        const attachments = (await t.get(`/api/v3/test_runs/${runId}/test_case_results/${row.id}/attachments`)).json().content as Record<string, any>[];
        const stepOf = new Map(steps.map((s) => [s.id, s.action]));
        const stepAttachments = stepsWithAttachments(test.steps).map(([step, a]) => `${step}: ${a.name}`).sort();
        expect(attachments.filter((a) => a.stepResultId).map((a) => `${stepOf.get(a.stepResultId)}: ${a.name}`).sort()).toEqual(stepAttachments);
        const caseLevel = attachments.filter((a) => !a.stepResultId);
        expect(caseLevel.map((a) => [a.name, a.contentType]).sort()).toEqual(test.attachments.map((a) => [a.name, a.type]).sort());
        for (const a of [...test.attachments, ...stepsWithAttachments(test.steps).map(([, a]) => a)]) {
          const stored = attachments.find((s) => s.name === a.name)!;
          const bytes = (await t.app.inject({ method: 'GET', url: stored.url, headers: t.auth })).rawPayload;
          if (a.content !== undefined) expect(bytes.toString('utf8')).toBe(a.content);
          if (a.bytes !== undefined) expect(bytes.length).toBe(a.bytes);
        }
      });
    }

    it('filters cases by labels and category in the query language', async () => {
      const list = async (query: string) => (await t.get(`/api/v3/test_runs/${runId}/test_case_results?size=200&query=${encodeURIComponent(query)}`)).json().content.map((c: { name: string }) => c.name).sort();
      expect(await list('owner:alice')).toEqual(['adds numbers']);
      expect(await list('tag@smoke#nightly')).toEqual(['adds numbers']);
      expect(await list('severity:critical,tag:critical,epic:Arithmetic')).toEqual(['adds numbers']);
      expect((await list('owner!alice')).length).toBe(cases.length - 1);
      expect((await list('owner:null')).length).toBe(cases.length - 1);
      expect((await list('tag;smoke#critical')).length).toBe(cases.length - 1);
      expect((await list('tag@null#smoke')).length).toBe(cases.length);
      expect(await list(`framework:${adapter},owner:ali*`)).toEqual(['adds numbers']);
      const wrong = design.tests.filter((x) => x.category === 'Wrong results').map((x) => x.name).sort();
      expect(await list('category:Wrong results,isDataDriven:false')).toEqual(wrong);
      expect(await list('category:Ignored tests')).toEqual(['is skipped']);
    });
  });
});

describe.each(DATABASES)('verdict upload allure-results.zip on %s', (kind) => {
  it('sends the zip as it is; the run is the one the directory gives', async () => {
    const t = await testApp(kind);
    const dir = mkdtempSync(join(tmpdir(), 'verdict-allure-zip-'));
    try {
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const server = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
      const results = `${FIXTURES}/results/vitest`;
      const zip = join(dir, 'allure-results.zip');
      writeFileSync(zip, zipOf(readdirSync(results).map((name) => ({ name, data: readFileSync(join(results, name)) }))));
      const upload = async (plan: string, path: string) => {
        const out: string[] = [];
        expect(await uploadCommand(['--server', server, '--key', t.key, '--plan', plan, '--json', path], { out: (l) => out.push(l), err: () => {} }, {})).toBe(0);
        return JSON.parse(out.join('\n'));
      };
      const fromZip = await upload('zip', zip);
      const fromDir = await upload('dir', results);
      expect(fromZip.import.files).toEqual([{ name: 'allure-results.zip', format: 'allure', cases: 7 }]);
      expect([fromZip.result, { ...fromZip.metrics, id: 0, testPlanResultId: 0 }]).toEqual([fromDir.result, { ...fromDir.metrics, id: 0, testPlanResultId: 0 }]);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('verdict import DIR', () => {
  it('imports an Allure results directory into a local database, attachments beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'verdict-allure-import-'));
    try {
      const out: string[] = [];
      const code = await importCommand(['--db', join(dir, 'verdict.db'), '--workspace', 'acme', '--plan', 'allure', `${FIXTURES}/results/jest`], { out: (l) => out.push(l), err: () => {} }, {});
      expect(code).toBe(0);
      // A data-driven test counts once in the run: 6 plain cases and "sums a row" with its 3 parameter sets.
      expect(out).toEqual(['Run 1: FAILURE, 7 tests: 3 passed, 3 failed, 1 skipped from 1 file (allure)']);
      // 4 attachment files, of which the first attempt's sum.txt belongs to no kept attempt: not stored.
      expect(readdirSync(join(dir, 'attachments'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The step tree the API lists (depth-first with depths) as nested names and results. */
function tree(steps: readonly Record<string, any>[]): unknown[] {
  const root: { children: unknown[] }[] = [{ children: [] }];
  const out = root[0]!.children;
  const stack: { depth: number; children: unknown[] }[] = [{ depth: -1, children: out }];
  for (const s of steps) {
    while (stack.at(-1)!.depth >= s.depth) stack.pop();
    const node: Record<string, unknown> = { name: s.action, result: s.result, steps: [] };
    if (s.parameters) node.parameters = s.parameters;
    stack.at(-1)!.children.push(node);
    stack.push({ depth: s.depth, children: node.steps as unknown[] });
  }
  return out;
}

function shape(step: ExpectedStep): unknown {
  return { name: step.name, result: RESULT[step.status], steps: (step.steps ?? []).map(shape), ...(step.parameters ? { parameters: step.parameters } : {}) };
}

function stepsWithAttachments(steps: readonly ExpectedStep[]): [string, NonNullable<ExpectedStep['attachments']>[number]][] {
  return steps.flatMap((s) => [...(s.attachments ?? []).map((a) => [s.name, a] as [string, typeof a]), ...stepsWithAttachments(s.steps ?? [])]);
}
