/** prepared(): compiled once per dialect, run with each call's values, in and out of transactions. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepared } from '../../src/store/prepared.js';
import { ensureWorkspace } from '../../src/store/workspace-repository.js';
import { DATABASES, freshStore } from '../helpers/databases.js';

const byName = prepared((db, name: string) => db.selectFrom('workspaces').select(['id', 'name']).where('name', '=', name).where('id', '>', 0));

describe.each(DATABASES)('prepared on %s', (kind) => {
  let store: Awaited<ReturnType<typeof freshStore>>;
  beforeAll(async () => {
    store = await freshStore(kind);
    for (const name of ['acme', 'globex', 'initech']) await ensureWorkspace(store.db, store.traits, name, 0);
  });
  afterAll(() => store.drop());

  it("runs with each call's values, the fixed ones kept, inside a transaction too", async () => {
    expect((await byName(store.db, 'globex')).map((w) => w.name)).toEqual(['globex']);
    expect((await byName(store.db, 'acme')).map((w) => w.name)).toEqual(['acme']);
    expect(await byName(store.db, 'nobody')).toEqual([]);
    await store.db.transaction().execute(async (trx) => {
      expect((await byName(trx, 'initech')).map((w) => w.name)).toEqual(['initech']);
    });
  });

  it('refuses a query where a value does not appear exactly once', async () => {
    const twice = prepared((db, name: string) => db.selectFrom('workspaces').select('id').where('name', 'in', [name, name]));
    await expect(twice(store.db, 'acme')).rejects.toThrow(/each value must appear once/);
  });
});
