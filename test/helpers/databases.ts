/**
 * One store test suite, every database (Kysely's DIALECTS loop): SQLite always, PostgreSQL when
 * TEST_DATABASE_URL is set (.ci/run starts a throw-away cluster and sets it).
 */
import { openStore, type Store } from '../../src/store/dialect.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { createScratchDatabase } from './scratch-database.js';

export const DATABASES = ['sqlite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])] as const;
export type DatabaseKind = (typeof DATABASES)[number];

/** A fresh, migrated, empty database: in-memory SQLite, or a new PostgreSQL database on the test cluster. */
export async function freshStore(kind: DatabaseKind): Promise<Store & { drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const store = openStore({ sqlitePath: ':memory:' });
    await migrateToLatest(store);
    return { ...store, drop: () => store.close() };
  }
  const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!, 'verdict_test');
  const store = openStore({ databaseUrl: scratch.url });
  await migrateToLatest(store);
  return {
    ...store,
    async drop() {
      await store.close();
      await scratch.drop();
    },
  };
}
