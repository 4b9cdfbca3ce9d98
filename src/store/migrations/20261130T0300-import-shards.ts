import type { Kysely } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Every import stored in a run, by the hash of its content: an upload sent again (a CI retry, a shard
 * re-sent with the same run key) finds its shard and changes nothing.
 */
export const importShardsMigration = (traits: DialectTraits) => ({
  async up(db: Kysely<any>) {
    await traits.prepareIdAllocation(db); // the new table's id sequence on PostgreSQL
    await db.schema
      .createTable('import_shards')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('workspace_id', 'integer', (c) => c.notNull())
      .addColumn('test_run_id', 'integer', (c) => c.notNull())
      .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('cases', 'integer', (c) => c.notNull())
      .addColumn('files', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('import_shards_hash', ['test_run_id', 'content_hash'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('import_shards').ifExists().execute();
  },
});
