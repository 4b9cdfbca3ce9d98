/**
 * `verdict prune`: retention's prune once, now, over the database and attachments directory the server
 * uses (policies are set with `PUT /api/v3/retention`). `--dry-run` counts what would go and deletes nothing.
 */
import { parseArgs } from 'node:util';
import type { PruneReport } from '../../jobs/retention.js';
import { pruneInTurn } from '../../jobs/retention.js';
import { fileBlobStore } from '../../store/blob-store.js';
import { openDatabase } from '../open-database.js';
import type { Io } from '../main.js';

export const PRUNE_USAGE = `verdict prune [--dry-run] [--json] [--db PATH]
    deletes the runs the retention policies let go, with every row and attachment under them,
    and gives the space back (SQLite); --dry-run only counts`;

export async function pruneCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { db: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } } });
  const { store, config } = await openDatabase(values);
  try {
    const report = await pruneInTurn({ store, blobs: fileBlobStore(config.attachmentsDir), clock: Date.now }, { dryRun: values['dry-run'] });
    if (!report) {
      io.err('Another server node is pruning now; nothing done.');
      return 1;
    }
    if (values.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of describePrune(report)) io.out(line);
    return 0;
  } finally {
    await store.close();
  }
}

export function describePrune(report: PruneReport): string[] {
  const verb = report.dryRun ? 'Would delete' : 'Deleted';
  if (!report.runIds.length) return ['Nothing to prune: no run is past its retention policy.'];
  const rows = Object.entries(report.rows)
    .filter(([table]) => table !== 'test_runs')
    .map(([table, n]) => `${n} ${table}`)
    .join(', ');
  const lines = [`${verb} ${report.runIds.length} run${report.runIds.length === 1 ? '' : 's'} (${rows || 'no rows under them'})`, `${verb} ${report.attachmentFiles} attachment files (${megabytes(report.attachmentBytes)})`];
  if (report.space) lines.push(`Database file: ${megabytes(report.space.beforeBytes)} → ${megabytes(report.space.afterBytes)}, ${megabytes(report.space.beforeBytes - report.space.afterBytes)} given back (${report.space.how})`);
  else if (!report.dryRun) lines.push('PostgreSQL keeps the space of deleted rows for new ones (autovacuum); VACUUM FULL gives it back to the disk.');
  return lines;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
