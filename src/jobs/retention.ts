/**
 * Retention's prune: for each workspace with a policy, the runs core/retention.ts lets go are deleted with
 * every row they own (whole re-run chains, a batch of chains per transaction), then their attachments'
 * files, then SQLite gives the space back. Quarantines, webhooks and the tests' definitions stay.
 *
 * `verdict prune [--dry-run]` runs it once; the server runs it on an interval, one node at a time on
 * PostgreSQL (store/job-repository.ts). A crash between a commit and the files' removal leaves orphan
 * files at worst, which the blob store's sweep collects.
 */
import { chainsToLetGo, DAY_MS } from '../core/retention.js';
import type { Store, SpaceReclaimed } from '../store/dialect.js';
import type { BlobStore } from '../store/blob-store.js';
import { knownBlobKeys } from '../store/attachment-repository.js';
import { inJobTurn } from '../store/job-repository.js';
import { deleteRuns, retentionPolicies, runRows, runsForRetention, workspacesWithPolicies, type RowCounts } from '../store/retention-repository.js';

export const RETENTION_EVERY_MS = DAY_MS / 4;
/** Runs per transaction, more only when one chain is longer. */
const BATCH_RUNS = 50;

export interface PruneReport {
  dryRun: boolean;
  runIds: number[];
  rows: Partial<RowCounts>;
  attachmentFiles: number;
  attachmentBytes: number;
  /** SQLite only, and not on a dry run. */
  space: SpaceReclaimed | null;
}

export interface PruneOptions {
  dryRun?: boolean;
  workspaceId?: number;
}

export interface RetentionDeps {
  store: Store;
  blobs: BlobStore;
  clock: () => number;
}

/** Prunes every workspace with a policy, or the one given. */
export async function prune(deps: RetentionDeps, options: PruneOptions = {}): Promise<PruneReport> {
  const { db } = deps.store;
  const report: PruneReport = { dryRun: !!options.dryRun, runIds: [], rows: {}, attachmentFiles: 0, attachmentBytes: 0, space: null };
  const tally = (rows: RowCounts, files: number, bytes: number) => {
    for (const [table, n] of Object.entries(rows)) if (n) report.rows[table as keyof RowCounts] = (report.rows[table as keyof RowCounts] ?? 0) + n;
    report.attachmentFiles += files;
    report.attachmentBytes += bytes;
  };
  const now = deps.clock();
  for (const workspaceId of options.workspaceId !== undefined ? [options.workspaceId] : await workspacesWithPolicies(db)) {
    const policies = (await retentionPolicies(db, workspaceId)).map((p) => ({ testPlanId: p.test_plan_id, keepDays: p.keep_days, keepRuns: p.keep_runs }));
    for (const batch of batches(chainsToLetGo(await runsForRetention(db, workspaceId), policies, now))) {
      if (options.dryRun) {
        const counted = await runRows(db, batch);
        tally(counted.rows, counted.blobKeys.length, counted.attachmentBytes);
      } else {
        const gone = await db.transaction().execute(async (trx) => {
          const counted = await runRows(trx, batch);
          await deleteRuns(trx, batch);
          return counted;
        });
        await deps.blobs.remove(gone.blobKeys);
        tally(gone.rows, gone.blobKeys.length, gone.attachmentBytes);
      }
      report.runIds.push(...batch);
    }
  }
  if (!options.dryRun && report.runIds.length) report.space = await deps.store.traits.reclaimSpace();
  return report;
}

/**
 * The prune one node at a time (the server's job, and `verdict prune`); undefined when another node is
 * pruning now. A real pass also removes attachment files a day old that no row claims (a crash's leftovers).
 */
export async function pruneInTurn(deps: RetentionDeps, options: PruneOptions = {}): Promise<PruneReport | undefined> {
  let report: PruneReport | undefined;
  await inJobTurn(deps.store, 'retention', async () => {
    report = await prune(deps, options);
    if (!options.dryRun) await deps.blobs.sweepOrphans((keys) => knownBlobKeys(deps.store.db, keys), deps.clock() - DAY_MS);
  });
  return report;
}

/** Whole chains, packed up to BATCH_RUNS runs. */
function batches(chains: number[][]): number[][] {
  const out: number[][] = [];
  let current: number[] = [];
  for (const chain of chains) {
    if (current.length && current.length + chain.length > BATCH_RUNS) {
      out.push(current);
      current = [];
    }
    current.push(...chain);
  }
  if (current.length) out.push(current);
  return out;
}
