/**
 * `verdict quarantine`: lists, adds and releases quarantined tests over a server's API (docs/triage.md,
 * "Quarantine"), taking --server/--key or VERDICT_SERVER/VERDICT_API_KEY as `verdict upload` does.
 * A test is named by its test case id: the API has no lookup by name (the id is in the UI's test page
 * address, `/tests/ID`, and is `testCaseId` in results). stdout carries only the data (or `--json`: the
 * server's answer); messages go to stderr.
 * Exit codes: 0 done; 2 usage, network or HTTP error (with the server's message, e.g. an unknown test's 404).
 */
import { parseArgs } from 'node:util';
import { apiRequest, apiTarget, type ApiTarget } from '../api-client.js';
import type { Io } from '../main.js';

export const QUARANTINE_USAGE = `verdict quarantine list [--plan ID] [--all] [--json]
verdict quarantine add TEST_CASE_ID --reason TEXT [--until YYYY-MM-DD] [--json]
verdict quarantine release TEST_CASE_ID
    a quarantined test's failures are counted apart and do not fail \`verdict upload --fail-on-failure\`;
    --until: it ends by itself after that day; --plan: only tests that ran in that plan; --all: ended ones too;
    each takes --server URL --key KEY (VERDICT_SERVER, VERDICT_API_KEY stand in for them)`;

/** One quarantine as GET /api/v3/quarantines gives it. */
interface Quarantine {
  testCaseId: number;
  name: string;
  reason: string;
  until: string | null;
  active: boolean;
  createdDate: string;
}

const CONNECTION = { server: { type: 'string' }, key: { type: 'string' } } as const;
const OPTIONS = {
  list: { ...CONNECTION, plan: { type: 'string' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
  add: { ...CONNECTION, reason: { type: 'string' }, until: { type: 'string' }, json: { type: 'boolean' } },
  release: { ...CONNECTION },
} as const;
type Sub = keyof typeof OPTIONS;

const ID = /^[1-9]\d{0,9}$/;

export async function quarantineCommand(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || !Object.hasOwn(OPTIONS, sub)) return usageError(io, 'needs list, add or release');
  let parsed;
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: OPTIONS[sub as Sub] });
  } catch (e) {
    return usageError(io, (e as Error).message);
  }
  const values = parsed.values as { server?: string; key?: string; plan?: string; all?: boolean; json?: boolean; reason?: string; until?: string };
  const { positionals } = parsed;
  const problem = argumentProblem(sub as Sub, values, positionals);
  if (problem) return usageError(io, problem);
  const target = apiTarget(values, env);
  if ('problem' in target) return usageError(io, target.problem);

  if (sub === 'list') return list(target, values, io);
  if (sub === 'add') return add(target, Number(positionals[0]), values.reason!, values.until, Boolean(values.json), io);
  return release(target, Number(positionals[0]), io);
}

function argumentProblem(sub: Sub, values: { plan?: string; reason?: string; until?: string }, positionals: string[]): string | undefined {
  if (sub === 'list') {
    if (positionals.length) return `list takes no argument, got "${positionals[0]}"`;
    if (values.plan !== undefined && !ID.test(values.plan)) return `--plan takes a plan id, got "${values.plan}"`;
    return undefined;
  }
  if (positionals.length !== 1) return `${sub} takes one test case id`;
  if (!ID.test(positionals[0]!)) return `${sub} takes a test case id (a number: the UI's /tests/ID, or testCaseId in the API; the API has no lookup by name), got "${positionals[0]}"`;
  if (sub === 'add') {
    if (!values.reason?.trim()) return 'add needs --reason TEXT';
    if (values.until !== undefined && endOfDay(values.until) === undefined) return `--until takes a day, YYYY-MM-DD, got "${values.until}"`;
  }
  return undefined;
}

async function list(target: ApiTarget, values: { plan?: string; all?: boolean; json?: boolean }, io: Io): Promise<number> {
  const planId = values.plan === undefined ? undefined : Number(values.plan);
  // Checked first, so a wrong plan id is a 404 rather than an empty list.
  if (planId !== undefined) {
    const plan = await apiRequest(target, 'GET', `/test_plans/${planId}`);
    if (!plan.ok) return failed(io, plan.message);
  }
  const answer = await apiRequest(target, 'GET', `/quarantines${values.all ? '?all=true' : ''}`);
  if (!answer.ok) return failed(io, answer.message);
  let quarantines = (answer.body as { content: Quarantine[] }).content;
  if (planId !== undefined) {
    // Quarantine is the workspace's, not a plan's: a plan's quarantined tests are those with a result in one of its runs.
    const ran = await Promise.all(quarantines.map((q) => apiRequest(target, 'GET', `/test_cases/${q.testCaseId}/history?planId=${planId}&limit=1`)));
    const refused = ran.find((r) => !r.ok);
    if (refused && !refused.ok) return failed(io, refused.message);
    quarantines = quarantines.filter((_, i) => {
      const r = ran[i]!;
      return r.ok && (r.body as { content: unknown[] }).content.length > 0;
    });
  }
  if (values.json) {
    io.out(JSON.stringify({ content: quarantines }, null, 2));
    return 0;
  }
  if (!quarantines.length) {
    io.err(`No test is in quarantine${planId !== undefined ? ` among plan ${planId}'s tests` : ''}.`);
    return 0;
  }
  for (const line of quarantineTable(quarantines)) io.out(line);
  return 0;
}

async function add(target: ApiTarget, testCaseId: number, reason: string, until: string | undefined, json: boolean, io: Io): Promise<number> {
  const answer = await apiRequest(target, 'PUT', `/test_cases/${testCaseId}/quarantine`, { reason: reason.trim(), ...(until ? { until: endOfDay(until)!.toISOString() } : {}) });
  if (!answer.ok) return failed(io, answer.message);
  const q = answer.body as Quarantine;
  if (json) io.out(JSON.stringify(q, null, 2));
  else io.out(`Quarantined test ${q.testCaseId} (${q.name}) ${q.until ? `until the end of ${localDay(q.until)}` : 'until released'}: ${q.reason}`);
  return 0;
}

async function release(target: ApiTarget, testCaseId: number, io: Io): Promise<number> {
  const answer = await apiRequest(target, 'DELETE', `/test_cases/${testCaseId}/quarantine`);
  if (!answer.ok) return failed(io, answer.message);
  io.out(`Released test ${testCaseId} from quarantine: its failures fail the build again.`);
  return 0;
}

/** `ID  TEST  SINCE  UNTIL  REASON`, columns padded to their widest cell; days in local time. */
export function quarantineTable(quarantines: Quarantine[]): string[] {
  const rows = [
    ['ID', 'TEST', 'SINCE', 'UNTIL', 'REASON'],
    ...quarantines.map((q) => [String(q.testCaseId), q.name, localDay(q.createdDate), q.until ? `${localDay(q.until)}${q.active ? '' : ' (ended)'}` : 'released', q.reason]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!))).join('  '));
}

/**
 * The last second of a day in local time, as the UI's date field sends it: `--until 2026-12-01` keeps the
 * quarantine through December 1st. Undefined for anything but a real YYYY-MM-DD.
 */
export function endOfDay(day: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const end = new Date(`${day}T23:59:59`);
  return Number.isNaN(end.getTime()) || localDay(end.toISOString()) !== day ? undefined : end;
}

function localDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function usageError(io: Io, problem: string): number {
  io.err(`verdict quarantine ${problem}\n${QUARANTINE_USAGE}`);
  return 2;
}

function failed(io: Io, message: string): number {
  io.err(`verdict quarantine: ${message}`);
  return 2;
}
