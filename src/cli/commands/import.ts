/**
 * `verdict import`: report files into a local database, without a server, through the same streaming
 * mapping as `POST /imports` (src/ingest/import-mapping.ts). Same options and output as `verdict upload`.
 */
import { createReadStream } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { VerdictError } from '../../core/errors.js';
import type { ReportFormat } from '../../importers/index.js';
import { importReports } from '../../ingest/index.js';
import { presentRun } from '../../http/presenters.js';
import { uploadTriage } from '../../triage/run-triage.js';
import { findRunWithPlan } from '../../store/run-repository.js';
import { fileBlobStore } from '../../store/blob-store.js';
import { ensureWorkspace } from '../../store/workspace-repository.js';
import { openDatabase } from '../open-database.js';
import type { Io } from '../main.js';
import { tarDirectory } from '../tar-writer.js';
import { REPORT_OPTIONS, checkReportOptions, directoriesOf, exitCodeFor, expandOrFail, printSummary, printWarnings, runFacts, type RunSummaryBody } from './upload.js';

export const IMPORT_USAGE = `verdict import [--db FILE|postgres://URL] --workspace NAME (--plan NAME | --run-id ID) [--build B] [--machine TITLE] [--run-key K]
               [--format F] [--env KEY=VALUE]... [--repo-url URL] [--json] [--fail-on-failure] [--strict] FILES|GLOBS|DIRS
    imports report files (or a directory such as allure-results/) into a local database, no server needed (stdout: the summary)`;

export async function importCommand(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { ...REPORT_OPTIONS, db: { type: 'string' }, workspace: { type: 'string' } } });
  } catch (e) {
    io.err(`${(e as Error).message}\n${IMPORT_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const problem = !values.workspace ? 'needs --workspace NAME' : checkReportOptions(values, positionals);
  if (problem) {
    io.err(`verdict import ${problem}\n${IMPORT_USAGE}`);
    return 2;
  }
  const files = expandOrFail(positionals, io);
  if (!files) return 2;
  const facts = runFacts(values, env, io);
  const isUrl = /^postgres(ql)?:\/\//.test(values.db ?? '');
  const { store, config } = await openDatabase(isUrl ? {} : { db: values.db }, isUrl ? { databaseUrl: values.db } : {});
  try {
    const now = Date.now();
    const workspaceId = await ensureWorkspace(store.db, store.traits, values.workspace!, now);
    const summary = await importReports(
      store,
      workspaceId,
      { plan: values.plan ?? null, runId: values['run-id'] ? Number(values['run-id']) : null, buildNo: facts.buildNo ?? null, machine: values.machine ?? null, runKey: values['run-key'] ?? null, environment: Object.keys(facts.environment).length ? facts.environment : null },
      [
        ...files.map((f) => ({ name: basename(f), format: values.format as ReportFormat | undefined, chunks: createReadStream(f) })),
        ...directoriesOf(positionals).map((d) => ({ name: `${basename(resolve(d))}.tar`, format: values.format as ReportFormat | undefined, chunks: tarDirectory(d) })),
      ],
      { now, blobs: fileBlobStore(config.attachmentsDir), attachmentLimitBytes: config.attachmentLimitBytes },
    );
    const run = presentRun((await findRunWithPlan(store.db, workspaceId, summary.runId))!);
    // The same body as the endpoint's answer (presentRun's counts are built dynamically, hence the cast).
    const triage = await uploadTriage(store.db, workspaceId, summary.runId, now);
    const body = { ...run, import: { created: summary.created, duplicate: summary.duplicate, files: summary.files, cases: summary.cases, formats: summary.formats, warnings: summary.warnings }, triage } as unknown as RunSummaryBody;
    printWarnings(body, io);
    printSummary(body, undefined, Boolean(values.json), io);
    return exitCodeFor(body, { failOnFailure: values['fail-on-failure'], strict: values.strict });
  } catch (e) {
    if (e instanceof VerdictError) {
      io.err(`verdict import: ${e.message}`);
      return 2;
    }
    throw e;
  } finally {
    await store.close();
  }
}
