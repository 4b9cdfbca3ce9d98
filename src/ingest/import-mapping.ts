/**
 * Report files in, one run out: the import mapping onto the writer.
 *
 * The upload is spooled first (upload-spool.ts): received, un-gzipped, counted and hashed with no
 * transaction open. Then one transaction parses each report with its importer, normalizes case by case
 * with the document's own rules (core/normalize-case.ts) and hands the writer batches of 500 cases, so
 * memory holds one batch and the suite map whatever the report's size. A report that fails to parse
 * rolls the whole transaction back: nothing of the upload is stored.
 *
 * Uploads that name the same `runKey` (parallel CI shards) land in one run; a shard whose content the run
 * already holds (a retry) changes nothing. An upload that names a `runId` fills that run: a triggered run
 * waiting for its CI, or a complete one (a later shard); a run the live API is still reporting is a 409.
 *
 * @example
 *   const summary = await importReports(store, workspaceId, { plan: 'nightly', runKey: 'ci-4711' },
 *     [{ name: 'junit.xml', chunks: createReadStream('junit.xml') }], { now: Date.now() });
 */
import { createHash } from 'node:crypto';
import { VerdictError, invalidField } from '../core/errors.js';
import { ImportError, importers, type ImportWarning, type ReportFormat } from '../importers/index.js';
import type { BlobStore, StoredBlob } from '../store/blob-store.js';
import type { Db } from '../store/dialect.js';
import { findRecentShard, findShard, insertShard } from '../store/import-repository.js';
import { findPlan } from '../store/report-repository.js';
import { insertWarnings, warningsOfShard, type WarningRow } from '../store/warning-repository.js';
import { allureFilesOf, importAllure, storeAllureAttachments } from './allure-mapping.js';
import { withReceivedBlobs } from './attachments.js';
import { ImportSink } from './import-sink.js';
import { ingestFor, type IngestTarget } from './ingest-for.js';
import type { IngestTransaction } from './ingest-service.js';
import { ByteBudget, identifyReport } from './report-input.js';
import type { RunWriter } from './run-writer.js';
import { spoolUpload, type ReportFile, type SpooledReport } from './upload-spool.js';

export type { ReportFile } from './upload-spool.js';

/** Where an upload goes. */
export interface ImportTarget {
  /** Test plan name; created on first use. Not needed with `runId`. */
  plan?: string | null;
  /** An existing run to fill (a triggered run), instead of opening one. */
  runId?: number | null;
  buildNo?: string | null;
  /** Machine title; else the report's host name; else `default`. */
  machine?: string | null;
  /** Shards that share a run key land in one run (per plan). */
  runKey?: string | null;
  /** Build facts (CI name, commit, branch, job URL...), merged over the report's own environment. */
  environment?: Record<string, string> | null;
  reRunParentId?: number | null;
}

export interface ImportSummary {
  runId: number;
  /** False when the upload joined a run that an earlier shard created. */
  created: boolean;
  /** True when the run already held this very content (a retried upload): nothing was written. */
  duplicate: boolean;
  files: { name: string; format: ReportFormat; cases: number }[];
  cases: number;
  formats: ReportFormat[];
  /** What the importers tolerated, file by file, in the order they said it (docs/importing.md lists each kind). */
  warnings: ImportedWarning[];
}

export interface ImportedWarning {
  file: string;
  code: ImportWarning['code'];
  message: string;
  line: number | null;
  column: number | null;
}

const importedWarning = (row: Omit<WarningRow, 'created_at'>): ImportedWarning => ({ file: row.file, code: row.code, message: row.message, line: row.line_no, column: row.column_no });

/** Warnings kept per file: a report that repeats one oddity 10,000 times says so in its first ones. */
export const MAX_WARNINGS_PER_FILE = 50;

export interface ImportOptions {
  now?: number;
  /** Cases per write (default 500). */
  batchSize?: number;
  /** Largest upload, counted after decompression, over all files. */
  maxBytes?: number;
  /** Where attachments of the upload (Allure's) go; without it they are left out. */
  blobs?: BlobStore;
  /** Largest attachment kept (default 25 MiB). */
  attachmentLimitBytes?: number;
  /** Told when the whole upload is in (spooled), before the import's work starts. */
  onReceived?: () => void;
}

export async function importReports(target: IngestTarget, workspaceId: number, where: ImportTarget, files: AsyncIterable<ReportFile> | Iterable<ReportFile>, options: ImportOptions = {}): Promise<ImportSummary> {
  if (!where.runId && !where.plan?.trim()) throw invalidField('plan', 'must be a non-empty plan name (or give a runId)', where.plan);
  const upload = await spoolUpload(files, options.maxBytes !== undefined ? new ByteBudget(options.maxBytes) : undefined).catch((e: unknown) => {
    throw e instanceof ImportError ? reportError(e, e.file ?? 'body') : e;
  });
  options.onReceived?.();
  // The same content sent to another machine, build or re-run is another shard (one suite run on two machines).
  const shardHash = createHash('sha256').update([upload.contentHash, where.machine?.trim() ?? '', where.buildNo?.trim() ?? '', where.reRunParentId ?? ''].join('\u0000')).digest('hex');
  try {
    if (!upload.reports.length) throw new VerdictError('INVALID_REPORT', 'the upload holds no report file', { fieldErrors: [{ field: 'file', message: 'no report file in the upload' }] });
    const allure = await allureFilesOf(upload.reports, upload.reports[0]!.format);
    const blobs = allure && options.blobs ? await storeAllureAttachments(options.blobs, allure, options.attachmentLimitBytes ?? 25 * 1024 * 1024) : new Map<string, StoredBlob>();
    const used = new Set<string>();
    const write = () => ingestFor(target, options.now).write(workspaceId, async (tx) => {
      // Without a run key or a run id, the same upload again within a day is a retry (a reply lost, a CI step re-run after a crash): it finds its run.
      const retried = where.runKey?.trim() || where.runId ? undefined : await findRecentShard(tx.db, workspaceId, where.plan!.trim(), shardHash, tx.now - RETRY_WINDOW_MS);
      if (retried) return duplicateOf(tx.db, retried);
      const w = where.runId ? await existingRun(tx, where) : await tx.open({ testPlan: where.plan!, key: where.runKey, buildNo: where.buildNo, reRunParentId: where.reRunParentId }, { openItems: false });
      if (!w.created) {
        if (!where.runId && w.run.status !== 'STATUS_COMPLETED') throw new VerdictError('CONFLICT', `run key "${where.runKey}" names run ${w.runId}, which the live API is still reporting; use another run key`);
        // Lock the shared run: the next shard waits until this one commits, so each recount sees all rows.
        await w.updateRun({});
        const shard = await findShard(tx.db, w.runId, shardHash);
        if (shard) return duplicateOf(tx.db, shard);
      }
      const sink = new ImportSink(w, where, Math.max(1, options.batchSize ?? 500));
      const summary: ImportSummary['files'] = [];
      try {
        if (allure) {
          const name = allure[0]?.archive ?? 'allure-results';
          const imported = await importAllure(sink, allure, blobs, name).catch((e: unknown) => {
            throw e instanceof ImportError ? reportError(e, name) : e;
          });
          imported.used.forEach((k) => used.add(k));
          summary.push({ name, format: 'allure', cases: imported.cases });
        } else for (const report of upload.reports) summary.push(await importReport(sink, report));
        await sink.finish(tx);
      } finally {
        // Let a batch still writing finish before the transaction ends, so nothing runs after it.
        await sink.settle();
      }
      const cases = summary.reduce((n, f) => n + f.cases, 0);
      const shardId = await insertShard(tx.db, w.traits, { workspace_id: workspaceId, test_run_id: w.runId, content_hash: shardHash, cases, files: JSON.stringify(summary), created_at: w.now });
      const warnings = sink.warnings.map((x) => ({ file: x.file, code: x.code, message: x.message, line_no: x.line, column_no: x.column }));
      await insertWarnings(tx.db, w.traits, { workspace_id: workspaceId, test_run_id: w.runId, import_shard_id: shardId, created_at: w.now }, warnings);
      return { runId: w.runId, created: w.created, duplicate: false, files: summary, cases, formats: [...new Set(summary.map((f) => f.format))], warnings: sink.warnings };
    });
    if (!options.blobs || !blobs.size) return await write();
    // Attachment bytes no case named (an earlier attempt's, a duplicate upload's) go again after the commit.
    const received = [...blobs.values()];
    return await withReceivedBlobs(options.blobs, received, async () => {
      const value = await write();
      return { value, surplus: received.map((b) => b.key).filter((k) => !used.has(k)) };
    });
  } finally {
    await upload.dispose();
  }
}

/** How long an upload without a run key is recognised when sent again. */
const RETRY_WINDOW_MS = 24 * 3600 * 1000;

/** The summary of an upload the run already holds: nothing was written. */
async function duplicateOf(db: Db, shard: { id: number; test_run_id: number; files: string; cases: number }): Promise<ImportSummary> {
  const files = JSON.parse(shard.files) as ImportSummary['files'];
  // A re-sent shard gets the warnings of the first upload back.
  const warnings = (await warningsOfShard(db, shard.id)).map(importedWarning);
  return { runId: shard.test_run_id, created: false, duplicate: true, files, cases: shard.cases, formats: [...new Set(files.map((f) => f.format))], warnings };
}

/** The run an upload names by id; a plan named too must be its plan. */
async function existingRun(tx: IngestTransaction, where: ImportTarget): Promise<RunWriter & { created: boolean }> {
  const w = await tx.run(where.runId!, { openItems: false, allowFinished: true, allowLive: false });
  if (where.plan?.trim() && (await findPlan(tx.db, w.workspaceId, w.run.test_plan_id))?.name !== where.plan.trim()) {
    throw invalidField('plan', `is not the plan of run ${w.runId}`, where.plan);
  }
  return Object.assign(w, { created: false });
}

async function importReport(sink: ImportSink, report: SpooledReport): Promise<ImportSummary['files'][number]> {
  let cases = 0;
  let warnings = 0;
  try {
    const opened = await identifyReport({ name: report.name, format: report.format, chunks: report.open() });
    if (!opened.ok) throw opened.error;
    if (opened.format === 'allure') throw new ImportError('format=allure names a results directory: send its files (or a tar of it)', report.name);
    for await (const event of importers[opened.format].parse(opened.chunks, { fileName: report.name })) {
      if (event.kind === 'case') {
        cases++;
        await sink.addCase(event, report.name);
      } else if (event.kind === 'run') sink.addRunFacts(event);
      else if (event.kind === 'incomplete') sink.markIncomplete(event.suite, event.message);
      else if (++warnings <= MAX_WARNINGS_PER_FILE) sink.addWarning(report.name, event.warning);
    }
    if (warnings > MAX_WARNINGS_PER_FILE) {
      sink.addWarning(report.name, { code: 'ignored-content', message: `and ${warnings - MAX_WARNINGS_PER_FILE} more warnings about this file, not kept` });
    }
    return { name: report.name, format: opened.format, cases };
  } catch (e) {
    if (e instanceof ImportError) throw reportError(e, report.name);
    throw e;
  }
}

/** `name:line:column: message`, with the file as the rejected field. */
export function reportError(e: ImportError, fallbackName: string): VerdictError {
  const file = e.file ?? fallbackName;
  const where = [file, e.line, e.column].filter((p) => p !== undefined).join(':');
  const message = `${where}: ${e.message}`;
  return new VerdictError('INVALID_REPORT', message, { fieldErrors: [{ field: 'file', message, rejectedValue: file }] });
}
