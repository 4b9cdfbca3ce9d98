import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Attachments (screenshots, logs, HTML) of a run's cases and steps: the metadata here, the bytes in the
 * blob store (store/blob-store.ts) under `blob_key`.
 */
export const attachmentsMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('attachments')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('workspace_id', 'integer', (c) => c.notNull())
      .addColumn('test_run_id', 'integer', (c) => c.notNull())
      .addColumn('case_result_id', 'integer')
      .addColumn('step_result_id', 'varchar(36)')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'varchar(200)', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('blob_key', 'varchar(100)', (c) => c.notNull())
      .addColumn('client_key', 'varchar(200)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('attachments_run').on('attachments').columns(['test_run_id']).execute();
    await db.schema.createIndex('attachments_case').on('attachments').columns(['case_result_id']).where(sql.ref('case_result_id'), 'is not', null).execute();
    await db.schema.createIndex('attachments_key').on('attachments').columns(['test_run_id', 'client_key']).unique().where(sql.ref('client_key'), 'is not', null).execute();
    await db.schema.createIndex('attachments_blob').on('attachments').columns(['blob_key']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('attachments').ifExists().execute();
  },
};
