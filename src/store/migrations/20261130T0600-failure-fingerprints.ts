import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Each failed case's fingerprint (core/fingerprint.ts), so a run's failures group by cause and each cause
 * is known by the first run it appeared in.
 */
export const failureFingerprintsMigration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('case_results').addColumn('fingerprint', 'varchar(32)').execute();
    await db.schema.createIndex('case_results_fingerprint').on('case_results').columns(['workspace_id', 'fingerprint', 'test_run_id']).where(sql.ref('fingerprint'), 'is not', null).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('case_results_fingerprint').ifExists().execute();
    await db.schema.alterTable('case_results').dropColumn('fingerprint').execute();
  },
};
