import type { Kysely } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * What an importer tolerated to read a report (repaired XML, a cut-off file, merged retries, CTRF schema
 * deviations), stored with the run and its shard so that the run shows it; and the suite a cut-off report
 * ended in, which is ABORTED whatever its complete cases say, with the message naming where it ended.
 */
export const importWarningsMigration = (traits: DialectTraits) => ({
  async up(db: Kysely<any>) {
    await traits.prepareIdAllocation(db); // the new table's id sequence on PostgreSQL
    await db.schema
      .createTable('import_warnings')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('workspace_id', 'integer', (c) => c.notNull())
      .addColumn('test_run_id', 'integer', (c) => c.notNull())
      .addColumn('import_shard_id', 'integer', (c) => c.notNull())
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('code', 'varchar(40)', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('line_no', 'integer')
      .addColumn('column_no', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('import_warnings_run').on('import_warnings').columns(['test_run_id', 'id']).execute();
    await db.schema.createIndex('import_warnings_shard').on('import_warnings').columns(['import_shard_id']).execute();
    await db.schema.alterTable('suite_results').addColumn('truncated', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('suite_results').addColumn('message', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('suite_results').dropColumn('message').execute();
    await db.schema.alterTable('suite_results').dropColumn('truncated').execute();
    await db.schema.dropTable('import_warnings').ifExists().execute();
  },
});
