/**
 * What every table owes the rest: a `workspace_id` (so the data can be distributed by tenant, e.g. Citus),
 * and, when it has a `test_run_id`, a place in retention's RUN_OWNED_TABLES (so a pruned run leaves no row
 * behind). Read from the migrated databases themselves, so a table added later is held to both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_OWNED_TABLES } from '../../src/store/retention-repository.js';
import { DATABASES, freshStore } from '../helpers/databases.js';

/** Bookkeeping, not tenant data: the workspaces themselves, id counters, the migrator's own. */
const NOT_TENANT_DATA = new Set(['workspaces', 'id_counters', 'kysely_migration', 'kysely_migration_lock']);

describe.each(DATABASES)('tables on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  let tables: { name: string; columns: string[] }[];
  beforeAll(async () => {
    store = await freshStore(kind);
    tables = (await store.db.introspection.getTables({ withInternalKyselyTables: true })).map((t) => ({ name: t.name, columns: t.columns.map((c) => c.name) }));
  });
  afterAll(() => store.drop());

  it('every table of tenant data carries workspace_id', () => {
    const without = tables.filter((t) => !NOT_TENANT_DATA.has(t.name) && !t.columns.includes('workspace_id')).map((t) => t.name);
    expect(without).toEqual([]);
    expect(tables.length).toBeGreaterThan(15);
  });

  it("every table with a test_run_id is one retention deletes a run's rows from", () => {
    const runOwned = tables.filter((t) => t.columns.includes('test_run_id')).map((t) => t.name).sort();
    expect(runOwned).toEqual([...RUN_OWNED_TABLES].sort());
  });
});
