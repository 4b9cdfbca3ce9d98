/**
 * Every ReportPortal agent of the fixture project (jest, vitest, playwright with and without steps, and
 * client-javascript driven through sharding, lost replies, batches and late children), configured only with
 * endpoint, apiKey and project, reports into a listening Verdict; each launch's run then holds exactly the
 * designed outcome: counts, suites, cases, steps, retries and attachments (designed.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DATABASES } from '../helpers/databases.js';
import { testApp } from '../helpers/app.js';
import { describeWithAgents, runAgents, type AgentRun } from '../helpers/rp-agents.js';
import { attemptCount, DESIGNED } from './designed.js';
import { runIdOfLink, summarizeRun, type RunSummary } from './run-summary.js';

const AGENTS = ['jest', 'vitest', 'playwright', 'playwright-steps', 'client'];

describeWithAgents.each(DATABASES)('ReportPortal agents into a listening Verdict on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const runs = new Map<string, { agent: AgentRun; summary: RunSummary }>();

  beforeAll(async () => {
    t = await testApp(kind);
    const server = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const results = await runAgents({ agents: AGENTS, server, apiKey: t.key, project: 'acme', launchPrefix: 'rp ', timeoutMs: 120_000 });
    const get = async (path: string) => (await t.get(path)).json();
    for (const agent of results) runs.set(agent.agent, { agent, summary: agent.link?.match(/\/runs\/\d+$/) ? await summarizeRun(get, runIdOfLink(agent.link)) : (undefined as never) });
  }, 400_000);
  afterAll(() => t.close());

  it.each(AGENTS)('%s: the agent ran its designed outcome, and every request was acknowledged', (agent) => {
    const { agent: r } = runs.get(agent)!;
    expect(r.problems, r.output?.slice(-3000)).toEqual([]);
    // The launch link points at the run in Verdict's UI.
    expect(r.link).toMatch(/^http:\/\/verdict\.test\/runs\/\d+$/);
  });

  it.each(AGENTS)('%s: the run holds the designed counts, suites, cases, steps, retries and attachments', (agent) => {
    const { summary } = runs.get(agent)!;
    const designed = DESIGNED[agent]!;
    expect(summary).toMatchObject({ plan: `rp ${agent}`, status: 'STATUS_COMPLETED', result: designed.result, counts: designed.counts, machines: designed.machines, suites: designed.suites });
    expect(Object.keys(summary.cases).sort()).toEqual(Object.keys(designed.cases).sort());
    for (const [name, c] of Object.entries(designed.cases)) expect(summary.cases[name], name).toMatchObject(c);
  });

  it('client-javascript: one launch from two processes, 17 attempts of 16 cases, one flaky', () => {
    const { summary } = runs.get('client')!;
    expect(attemptCount(summary)).toBe(17);
    expect(Object.values(summary.cases).filter((c) => c.flaky)).toHaveLength(1);
  });
});
