import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Store } from './dialect.js';
import { initialMigration } from './migrations/20261128T2300-initial.js';
import { listIndexesMigration } from './migrations/20261128T2330-list-indexes.js';
import { importShardsMigration } from './migrations/20261130T0300-import-shards.js';
import { importShardLookupMigration } from './migrations/20261130T0400-import-shard-lookup.js';
import { attachmentsMigration } from './migrations/20261130T0500-attachments.js';
import { failureFingerprintsMigration } from './migrations/20261130T0600-failure-fingerprints.js';
import { triggersMigration } from './migrations/20261202T1000-triggers.js';
import { quarantinesMigration } from './migrations/20261203T1000-quarantines.js';
import { outboxRetentionMigration } from './migrations/20261203T1100-outbox-retention.js';
import { retentionLookupsMigration } from './migrations/20261203T1200-retention-lookups.js';
import { importWarningsMigration } from './migrations/20261201T0100-import-warnings.js';
import { labelsCategoriesMigration } from './migrations/20261201T0100-labels-categories.js';
import { reportPortalItemsMigration } from './migrations/20261201T0100-reportportal-items.js';
import { sessionsMigration } from './migrations/20261204T1000-sessions.js';
import { analyticsIndexesMigration } from './migrations/20261204T0100-analytics-indexes.js';

/** Migrations in code (bundled with the app), named by timestamp so they sort in order. */
function provider(store: Store): MigrationProvider {
  return {
    async getMigrations(): Promise<Record<string, Migration>> {
      return {
        '20261128T2300-initial': initialMigration(store.traits),
        '20261128T2330-list-indexes': listIndexesMigration,
        '20261130T0300-import-shards': importShardsMigration(store.traits),
        '20261130T0400-import-shard-lookup': importShardLookupMigration,
        '20261130T0500-attachments': attachmentsMigration,
        '20261130T0600-failure-fingerprints': failureFingerprintsMigration,
        '20261202T1000-triggers': triggersMigration,
        '20261203T1000-quarantines': quarantinesMigration,
        '20261203T1100-outbox-retention': outboxRetentionMigration(store.traits),
        '20261203T1200-retention-lookups': retentionLookupsMigration,
        '20261201T0100-import-warnings': importWarningsMigration(store.traits),
        '20261201T0100-labels-categories': labelsCategoriesMigration,
        '20261201T0100-reportportal-items': reportPortalItemsMigration,
        '20261204T1000-sessions': sessionsMigration,
        '20261204T0100-analytics-indexes': analyticsIndexesMigration,
      };
    },
  };
}

export async function migrateToLatest(store: Store): Promise<void> {
  // Migrations are written on parallel branches and land in any order; each stands alone, so one named
  // earlier than the last one a database ran is still run (rather than refused as out of order).
  const migrator = new Migrator({ db: store.db, provider: provider(store), allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}
