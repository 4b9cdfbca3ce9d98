import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** An upload sent again without a run key is found by its content hash within the workspace. */
export const importShardLookupMigration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('import_shards_content').on('import_shards').columns(['workspace_id', 'content_hash']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('import_shards_content').ifExists().execute();
  },
};
