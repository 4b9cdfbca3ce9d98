/**
 * One store test suite, every database (Kysely's DIALECTS loop): SQLite always, PostgreSQL when
 * TEST_DATABASE_URL is set (.ci/run starts a throw-away cluster and sets it).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/dialect.js';
import { migrateToLatest } from '../../src/store/migrate.js';

export const DATABASES = ['sqlite', ...(process.env.TEST_DATABASE_URL ? (['postgres'] as const) : [])] as const;
export type DatabaseKind = (typeof DATABASES)[number];

/** A fresh, migrated, empty database: in-memory SQLite, or a new PostgreSQL database on the test cluster. */
export async function freshStore(kind: DatabaseKind): Promise<Store & { drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const store = openStore({ sqlitePath: ':memory:' });
    await migrateToLatest(store);
    return { ...store, drop: () => store.close() };
  }
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  const name = `verdict_test_${randomBytes(6).toString('hex')}`;
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  const store = openStore({ databaseUrl: url.toString() });
  await migrateToLatest(store);
  return {
    ...store,
    async drop() {
      await store.close();
      const a = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
