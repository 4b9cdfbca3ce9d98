import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * ReportPortal's item tree as agents report it (launches, items, logs by UUID), beside the Verdict rows
 * each one wrote: what makes a resent start or log find what it stored, and a child find its parent.
 * Every row carries its run, so the tree goes with the run.
 */
export const reportPortalItemsMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('rp_items')
      .addColumn('workspace_id', 'integer', (c) => c.notNull())
      .addColumn('uuid', 'varchar(200)', (c) => c.notNull())
      .addColumn('kind', 'varchar(10)', (c) => c.notNull())
      .addColumn('launch_uuid', 'varchar(200)', (c) => c.notNull())
      .addColumn('parent_uuid', 'varchar(200)')
      .addColumn('name', 'text')
      .addColumn('item_type', 'varchar(40)')
      .addColumn('suite_path', 'text')
      .addColumn('step_path', 'text')
      .addColumn('test_key', 'text')
      .addColumn('start_hash', 'varchar(64)')
      .addColumn('test_run_id', 'integer')
      .addColumn('case_result_id', 'integer')
      .addColumn('case_uuid', 'varchar(200)')
      .addColumn('verdict_key', 'varchar(200)')
      .addColumn('attempt', 'integer')
      .addColumn('superseded', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('has_children', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('has_steps', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('started', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('finished', 'smallint', (c) => c.notNull().defaultTo(0))
      .addColumn('status', 'varchar(40)')
      .addColumn('first_error', 'text')
      .addColumn('start_time', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('rp_items_pk', ['workspace_id', 'uuid'])
      .execute();
    await db.schema.createIndex('rp_items_start').on('rp_items').columns(['workspace_id', 'start_hash']).where(sql.ref('start_hash'), 'is not', null).execute();
    await db.schema.createIndex('rp_items_children').on('rp_items').columns(['workspace_id', 'launch_uuid', 'parent_uuid']).execute();
    await db.schema.createIndex('rp_items_case').on('rp_items').columns(['case_result_id']).where(sql.ref('case_result_id'), 'is not', null).execute();
    await db.schema.createIndex('rp_items_run').on('rp_items').columns(['test_run_id']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('rp_items').ifExists().execute();
  },
};
