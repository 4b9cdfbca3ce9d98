/**
 * The real ReportPortal agents live in their own fixture project (test/fixtures/reportportal/project), with
 * its own lock file: CI installs it (`.ci/run`), a fresh clone has not. Tests that run the agents are
 * declared with `describeWithAgents`, so without it they are reported as skipped (and `corpus-notice.ts`
 * prints one line saying why) instead of failing.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

export const RP_PROJECT_DIR = fileURLToPath(new URL('../fixtures/reportportal/project/', import.meta.url));

export const HAS_RP_AGENTS = existsSync(`${RP_PROJECT_DIR}node_modules/@reportportal/client-javascript/package.json`);

export const NO_RP_AGENTS_NOTICE = `Skipped the tests that run real ReportPortal agents: ${RP_PROJECT_DIR} is not installed (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --prefix test/fixtures/reportportal/project; CI does).`;

export const describeWithAgents = describe.skipIf(!HAS_RP_AGENTS);

/** The result of one agent's run (test/fixtures/reportportal/run-agents.mjs `runOne`). */
export interface AgentRun {
  agent: string;
  launch: string;
  link: string | null;
  launchUuid: string | null;
  problems: string[];
  ok: boolean;
  output?: string;
}

type RunAgents = (options: { agents: string[]; server: string; apiKey: string; project: string; launchPrefix?: string; timeoutMs?: number }) => Promise<AgentRun[]>;

/** run-agents.mjs, imported by path (it is plain JavaScript of the fixture, with no types of its own). */
export async function runAgents(options: Parameters<RunAgents>[0]): Promise<AgentRun[]> {
  const path = fileURLToPath(new URL('../fixtures/reportportal/run-agents.mjs', import.meta.url));
  const mod = (await import(path)) as { runAgents: RunAgents };
  return mod.runAgents(options);
}
