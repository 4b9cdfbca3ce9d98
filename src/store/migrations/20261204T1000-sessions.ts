import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Web UI sessions (auth/sessions.ts): the id's SHA-256 only; the key that started one ends it when revoked. */
export const sessionsMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('workspace_id', 'integer', (c) => c.notNull())
      .addColumn('api_key_id', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('sessions').ifExists().execute();
  },
};
