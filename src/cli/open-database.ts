import { readConfig, type Config } from '../config.js';
import { openStore, type Store } from '../store/dialect.js';
import { migrateToLatest } from '../store/migrate.js';

/** `--db PATH` (SQLite) wins; else DATABASE_URL; else the default SQLite file. Migrates on open. */
export async function openDatabase(flags: { db?: string }, overrides: Partial<Config> = {}): Promise<{ store: Store; config: Config }> {
  const config = readConfig(process.env, { ...overrides, ...(flags.db ? { sqlitePath: flags.db, databaseUrl: undefined } : {}) });
  if (flags.db) config.databaseUrl = undefined;
  const store = openStore(config);
  await migrateToLatest(store);
  return { store, config };
}
