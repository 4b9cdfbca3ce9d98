/** Retention deletes a run's rows by `test_run_id`: the one run-owned table without an index leading with it. */
import type { Kysely } from 'kysely';

export const retentionLookupsMigration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('webhook_deliveries_run').on('webhook_deliveries').column('test_run_id').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('webhook_deliveries_run').ifExists().execute();
  },
};
