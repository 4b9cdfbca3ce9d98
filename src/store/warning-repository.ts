/** The warnings of import shards: what each report's importer tolerated, in the order it said so. */
import type { Db, DialectTraits } from './dialect.js';
import type { ImportWarningTable } from './schema.js';

export type WarningRow = Pick<ImportWarningTable, 'file' | 'code' | 'message' | 'line_no' | 'column_no' | 'created_at'>;

const COLUMNS = ['file', 'code', 'message', 'line_no', 'column_no', 'created_at'] as const;

export async function insertWarnings(db: Db, traits: DialectTraits, shard: { workspace_id: number; test_run_id: number; import_shard_id: number; created_at: number }, rows: readonly Omit<WarningRow, 'created_at'>[]): Promise<void> {
  if (!rows.length) return;
  const ids = await traits.allocateIds(db, 'import_warnings', rows.length);
  await db
    .insertInto('import_warnings')
    .values(rows.map((row, i) => ({ id: ids[i]!, ...shard, ...row })))
    .execute();
}

/** A run's warnings, oldest first; none for another workspace's run. */
export function warningsOfRun(db: Db, workspaceId: number, runId: number): Promise<WarningRow[]> {
  return db.selectFrom('import_warnings').select(COLUMNS).where('workspace_id', '=', workspaceId).where('test_run_id', '=', runId).orderBy('id').execute();
}

export function warningsOfShard(db: Db, shardId: number): Promise<WarningRow[]> {
  return db.selectFrom('import_warnings').select(COLUMNS).where('import_shard_id', '=', shardId).orderBy('id').execute();
}
