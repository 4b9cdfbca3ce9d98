/** Imports stored in a run, by content hash; and the stored times the next shard of a run merges with. */
import type { Db, DialectTraits } from './dialect.js';

export function findShard(db: Db, runId: number, contentHash: string) {
  return db.selectFrom('import_shards').selectAll().where('test_run_id', '=', runId).where('content_hash', '=', contentHash).executeTakeFirst();
}

/** A shard with this content stored in a run of the plan since `since`: a retried upload without a run key. */
export function findRecentShard(db: Db, workspaceId: number, planName: string, contentHash: string, since: number) {
  return db
    .selectFrom('import_shards as i')
    .innerJoin('test_runs as r', 'r.id', 'i.test_run_id')
    .innerJoin('test_plans as p', 'p.id', 'r.test_plan_id')
    .selectAll('i')
    .where('i.workspace_id', '=', workspaceId)
    .where('i.content_hash', '=', contentHash)
    .where('p.name', '=', planName)
    .where('i.created_at', '>=', since)
    .orderBy('i.id', 'desc')
    .executeTakeFirst();
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
