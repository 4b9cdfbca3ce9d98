import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Tests in quarantine: their failures stay visible but are counted apart, until `until` (or removal). */
export const quarantinesMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('quarantines')
      .addColumn('workspace_id', 'integer', (c) => c.notNull())
      .addColumn('test_case_id', 'integer', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('until', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('quarantines_pk', ['workspace_id', 'test_case_id'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('quarantines').ifExists().execute();
  },
};
