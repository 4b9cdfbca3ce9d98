/**
 * `verdict upload`: sends report files to a Verdict server from a CI job, streamed as multipart with each
 * file gzip-compressed on the fly, so neither memory nor the request grows with the files beyond the wire.
 * stdout carries only the summary (or `--json`); progress and messages go to stderr.
 * What the server tolerated in the reports (warnings: repaired XML, a cut-off file, merged retries...)
 * is printed to stderr, one line each.
 * Exit codes: 0 uploaded; 1 uploaded but `--fail-on-failure` and the run did not succeed, or `--strict`
 * and the server had warnings; 2 usage, network or HTTP error (with the server's message).
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { comparisonLine } from '../../core/compare-runs.js';
import { REPORT_FORMATS } from '../../importers/index.js';
import { apiTarget } from '../api-client.js';
import { ciEnvironment, repositoryWebUrl } from '../ci-environment.js';
import { expandFileArgs } from '../file-globs.js';
import { filesUnder } from '../tar-writer.js';
import { mib, progressLine, sendReports } from '../upload-request.js';
import type { Io } from '../main.js';

export const UPLOAD_USAGE = `verdict upload --server URL --key KEY (--plan NAME | --run-id ID) [--build B] [--machine TITLE] [--run-key K]
               [--format ${REPORT_FORMATS.join('|')}] [--env KEY=VALUE]... [--repo-url URL] [--json] [--fail-on-failure] [--strict] [--progress] FILES|GLOBS|DIRS
    sends report files (a directory, such as allure-results/, as one tar; a zip of one as it is) into one run (VERDICT_SERVER, VERDICT_API_KEY stand in for --server, --key);
    --run-id fills a run that a trigger created (the id the CI was called with);
    --repo-url: the repository's web address, where the UI links commit and branch (most CIs say it themselves);
    stdout: the run's id, result, counts and link (--json: the server's answer); stderr: what was tolerated
    (--strict: exit 1 when anything was)`;

/** Options shared by `upload` and `import`. */
export const REPORT_OPTIONS = {
  plan: { type: 'string' },
  build: { type: 'string' },
  machine: { type: 'string' },
  'run-key': { type: 'string' },
  'run-id': { type: 'string' },
  format: { type: 'string' },
  env: { type: 'string', multiple: true },
  'repo-url': { type: 'string' },
  json: { type: 'boolean' },
  'fail-on-failure': { type: 'boolean' },
  strict: { type: 'boolean' },
} as const;

export interface RunSummaryBody {
  id: number;
  result: string;
  status?: string;
  metrics: { totalCount: number; passedCount: number; failedCount: number; notExecutedCount: number; skippedCount?: number };
  import?: { files: { name: string; format: string; cases: number }[]; cases: number; formats: string[]; warnings?: ReportWarning[] };
  /** The server's triage: the result with quarantined failures counted apart, and the comparison with the previous run. */
  triage?: { result: string; quarantinedFailures: number; comparison: { baseRunId: number; newFailures: number; fixed: number; stillFailing: number } | null };
}

export interface ReportWarning {
  file: string;
  code: string;
  message: string;
  line: number | null;
  column: number | null;
}

/** Shared checks of the report options; returns a message for a usage error. */
export function checkReportOptions(values: { plan?: string; 'run-id'?: string; 'run-key'?: string; format?: string; env?: string[]; 'repo-url'?: string }, files: string[]): string | undefined {
  const runId = values['run-id'];
  if (runId !== undefined && !/^[1-9]\d{0,9}$/.test(runId)) return `--run-id takes a run id, got "${runId}"`;
  if (runId !== undefined && values['run-key']) return 'takes --run-id or --run-key, not both';
  if (!values.plan && runId === undefined) return 'needs --plan NAME (or --run-id ID)';
  if (values.format && !(REPORT_FORMATS as readonly string[]).includes(values.format)) return `--format must be one of ${REPORT_FORMATS.join(', ')}`;
  const badEnv = values.env?.find((e) => !/^[^=]+=/.test(e));
  if (badEnv) return `--env takes KEY=VALUE, got "${badEnv}"`;
  if (values['repo-url'] !== undefined && !repositoryWebUrl(values['repo-url'])) return `--repo-url takes the repository's address (https://host/owner/repo, or its clone URL), got "${values['repo-url']}"`;
  if (!files.length) return 'needs at least one report file or glob';
  return undefined;
}

/** The CI's facts, then --repo-url and --env entries (which win); and the build: --build, else the CI's build number. */
export function runFacts(values: { build?: string; env?: string[]; 'repo-url'?: string }, env: NodeJS.ProcessEnv, io: Io) {
  const ci = ciEnvironment(env);
  if (ci) io.err(`Detected ${ci.name}${ci.buildNumber ? `, build ${ci.buildNumber}` : ''}.`);
  const environment: Record<string, string> = { ...(ci?.environment ?? {}) };
  const repositoryUrl = repositoryWebUrl(values['repo-url']);
  if (repositoryUrl) environment.repositoryUrl = repositoryUrl;
  for (const e of values.env ?? []) environment[e.slice(0, e.indexOf('='))] = e.slice(e.indexOf('=') + 1);
  return { buildNo: values.build ?? ci?.buildNumber, environment };
}

/** Arguments that name a directory (an Allure results directory): each is sent as one tar archive. */
export function directoriesOf(args: string[]): string[] {
  return args.filter((a) => !/[*?]/.test(a) && existsSync(a) && statSync(a).isDirectory());
}

/** The files the arguments name (directories aside); undefined (after saying why) when there are none or a pattern is bad. */
export function expandOrFail(args: string[], io: Io): string[] | undefined {
  const dirs = directoriesOf(args);
  const rest = args.filter((a) => !dirs.includes(a));
  if (dirs.length && !rest.length) return [];
  let expanded: ReturnType<typeof expandFileArgs>;
  try {
    expanded = expandFileArgs(rest, process.cwd());
  } catch (e) {
    io.err((e as Error).message);
    return undefined;
  }
  const { files, unmatched } = expanded;
  for (const u of unmatched) io.err(`warning: ${u} matches no file`);
  if (!files.length) {
    io.err('no report file to send');
    return undefined;
  }
  return files;
}

export function printSummary(body: RunSummaryBody, link: string | undefined, json: boolean, io: Io) {
  if (json) {
    io.out(JSON.stringify(link ? { ...body, url: link } : body, null, 2));
    return;
  }
  const m = body.metrics;
  const skipped = m.skippedCount ?? 0;
  const parts = [`${m.passedCount} passed`, `${m.failedCount} failed`, ...(skipped ? [`${skipped} skipped`] : []), ...(m.notExecutedCount - skipped > 0 ? [`${m.notExecutedCount - skipped} not executed`] : [])];
  const from = body.import ? ` from ${body.import.files.length} file${body.import.files.length === 1 ? '' : 's'} (${body.import.formats.join(', ')})` : '';
  io.out(`Run ${body.id}: ${body.result}, ${m.totalCount} tests: ${parts.join(', ')}${from}`);
  if (link) io.out(link);
  const t = body.triage;
  if (t?.comparison) io.err(comparisonLine(t.comparison, t.comparison.baseRunId));
  if (t?.quarantinedFailures) io.err(`${t.quarantinedFailures} failure${t.quarantinedFailures === 1 ? '' : 's'} of quarantined tests, counted apart${t.result === 'SUCCESS' ? ': the run passes without them' : ''}`);
}

/** What the server tolerated, one stderr line each (`file:line:column: message`, like a compiler's). */
export function printWarnings(body: RunSummaryBody, io: Io): void {
  const warnings = body.import?.warnings ?? [];
  for (const w of warnings) io.err(`warning: ${[w.file, w.line, w.column].filter((p) => p !== null).join(':')}: ${w.message} [${w.code}]`);
  if (warnings.length) io.err(`${warnings.length} warning${warnings.length === 1 ? '' : 's'}: the reports were read, but not as they were meant to be written (docs/importing.md lists each kind)`);
}

/** With --fail-on-failure, 1 unless the run passed (failures of quarantined tests counted apart, as the server's triage says); with --strict, 1 on any warning. */
export function exitCodeFor(body: RunSummaryBody, options: { failOnFailure?: boolean; strict?: boolean }): number {
  if (options.failOnFailure && (body.triage?.result ?? body.result) !== 'SUCCESS') return 1;
  return options.strict && (body.import?.warnings?.length ?? 0) > 0 ? 1 : 0;
}

export async function uploadCommand(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...REPORT_OPTIONS, server: { type: 'string' }, key: { type: 'string' }, progress: { type: 'boolean' } } });
  } catch (e) {
    io.err(`${(e as Error).message}\n${UPLOAD_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const target = apiTarget(values, env);
  const problem = 'problem' in target ? target.problem : checkReportOptions(values, positionals);
  if (problem || 'problem' in target) {
    io.err(`verdict upload ${problem}\n${UPLOAD_USAGE}`);
    return 2;
  }
  const { server, key } = target;
  const files = expandOrFail(positionals, io);
  if (!files) return 2;
  const dirs = directoriesOf(positionals);

  const facts = runFacts(values, env, io);
  const query = new URLSearchParams(values.plan ? { plan: values.plan } : {});
  if (values['run-id']) query.set('runId', values['run-id']);
  if (facts.buildNo) query.set('build', facts.buildNo);
  if (values.machine) query.set('machine', values.machine);
  if (values['run-key']) query.set('runKey', values['run-key']);
  if (values.format) query.set('format', values.format);
  for (const [k, v] of Object.entries(facts.environment)) query.append('env', `${k}=${v}`);

  const url = new URL(`${server}/api/v3/imports?${query}`);
  const total = files.reduce((n, f) => n + statSync(f).size, 0) + dirs.reduce((n, d) => n + filesUnder(d).reduce((m, f) => m + statSync(join(d, f)).size, 0), 0);
  const showProgress = values.progress || (Boolean(process.stderr.isTTY) && total > 1024 * 1024);
  const progress = showProgress ? progressLine(total) : undefined;
  const what = [...(files.length ? [`${files.length} file${files.length === 1 ? '' : 's'}`] : []), ...dirs.map((d) => `${basename(d)}/ (${filesUnder(d).length} files)`)].join(', ');
  io.err(`Uploading ${what} (${mib(total)}) to ${server} ...`);

  let answer: { status: number; body: string } | undefined;
  // A lost connection or a server briefly unavailable is tried again: the server recognises an upload it
  // already stored (the same content, build and machine), so a retry never doubles a run.
  for (let attempt = 1; !answer; attempt++) {
    try {
      // Check the key first: a server refusing a key answers before reading the upload and closes the
      // connection, which the sending side would only see as a broken pipe.
      const check = await fetch(`${server}/api/v2/test_runs?size=1`, { headers: { authorization: `Bearer ${key}` } });
      answer = check.ok ? await sendReports(url, key, files, dirs, progress?.update) : { status: check.status, body: await check.text() };
      if (RETRIED_STATUSES.includes(answer.status) && attempt < ATTEMPTS) answer = undefined;
    } catch (e) {
      if (attempt >= ATTEMPTS) {
        progress?.done();
        io.err(`verdict upload: cannot reach ${server}: ${(e as Error).message}`);
        return 2;
      }
    }
    if (!answer) {
      io.err(`verdict upload: attempt ${attempt} of ${ATTEMPTS} failed; trying again in ${retryDelayMs(attempt) / 1000} s`);
      await new Promise((r) => setTimeout(r, retryDelayMs(attempt)));
    }
  }
  progress?.done();
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    body = undefined;
  }
  // 200: the server already held this upload (a retry after a lost answer); the run is the one it made.
  if (answer.status !== 201 && answer.status !== 200) {
    const message = (body as { error?: string } | undefined)?.error ?? (answer.body.slice(0, 500) || 'no message');
    io.err(`verdict upload: the server answered ${answer.status}: ${message}`);
    return 2;
  }
  const run = body as RunSummaryBody;
  if (answer.status === 200) io.err('The server already held these reports (a retried upload): nothing was added.');
  printWarnings(run, io);
  printSummary(run, `${server}/runs/${run.id}`, Boolean(values.json), io);
  return exitCodeFor(run, { failOnFailure: values['fail-on-failure'], strict: values.strict });
}

const ATTEMPTS = 3;
const RETRIED_STATUSES = [502, 503, 504];
const retryDelayMs = (attempt: number) => Math.min(8000, 1000 * 2 ** (attempt - 1));
