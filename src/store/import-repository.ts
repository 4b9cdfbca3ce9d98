/** Imports stored in a run, by content hash; and the stored times the next shard of a run merges with. */
import type { Db, DialectTraits } from './dialect.js';

export function findShard(db: Db, runId: number, contentHash: string) {
  return db.selectFrom('import_shards').selectAll().where('test_run_id', '=', runId).where('content_hash', '=', contentHash).executeTakeFirst();
}

/** Stores the shard; returns its id. */
export async function insertShard(db: Db, traits: DialectTraits, row: { workspace_id: number; test_run_id: number; content_hash: string; cases: number; files: string; created_at: number }): Promise<number> {
  const [id] = await traits.allocateIds(db, 'import_shards', 1);
  await db.insertInto('import_shards').values({ id: id!, ...row }).execute();
  return id!;
}

export function suiteTimesOf(db: Db, suiteResultIds: readonly number[]) {
  if (!suiteResultIds.length) return Promise.resolve([]);
  return db.selectFrom('suite_results').select(['id', 'start_time', 'end_time', 'duration']).where('id', 'in', suiteResultIds).execute();
}
