import { sql, type Kysely } from 'kysely';
import type { DialectTraits } from '../dialect.js';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * The durable side of run events and what consumes them: every finished run is recorded in its own
 * transaction (`run_events`, an outbox), webhooks and their deliveries (queued before they are tried), and
 * retention policies per workspace (`test_plan_id` 0) and per plan.
 */
export const outboxRetentionMigration = (traits: DialectTraits) => ({
  async up(db: Kysely<any>) {
    await traits.prepareIdAllocation(db); // the new tables' id sequences on PostgreSQL
    await db.schema
      .createTable('run_events')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('workspace_id', 'integer', (c) => c.notNull())
      .addColumn('test_run_id', 'integer', (c) => c.notNull())
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('dispatched', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('run_events_pending').on('run_events').columns(['dispatched', 'id']).where(sql.ref('dispatched'), '=', 0).execute();
    await db.schema.createIndex('run_events_run').on('run_events').columns(['test_run_id']).execute();

    await db.schema
      .createTable('webhooks')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('workspace_id', 'integer', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('format', 'varchar(16)', (c) => c.notNull())
      .addColumn('secret_sealed', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhooks_workspace').on('webhooks').columns(['workspace_id']).execute();

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('workspace_id', 'integer', (c) => c.notNull())
      .addColumn('webhook_id', 'integer', (c) => c.notNull())
      .addColumn('test_run_id', 'integer', (c) => c.notNull())
      .addColumn('event', 'varchar(32)', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('last_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('delivered_at', 'bigint')
      .execute();
    await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('webhook_deliveries_hook').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();

    await db.schema
      .createTable('retention_policies')
      .addColumn('workspace_id', 'integer', (c) => c.notNull())
      .addColumn('test_plan_id', 'integer', (c) => c.notNull())
      .addColumn('keep_days', 'integer')
      .addColumn('keep_runs', 'integer')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('retention_policies_pk', ['workspace_id', 'test_plan_id'])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['retention_policies', 'webhook_deliveries', 'webhooks', 'run_events']) await db.schema.dropTable(t).ifExists().execute();
  },
});
