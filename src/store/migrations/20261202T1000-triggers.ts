import { sql, type Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Triggering: a plan's trigger hook (its secrets sealed, never in clear), and per triggered run when it
 * times out and what its hook answered. A partial index finds the few runs still waiting for their CI.
 */
export const triggersMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('trigger_hooks')
      .addColumn('test_plan_id', 'integer', (c) => c.primaryKey())
      .addColumn('workspace_id', 'integer', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('method', 'varchar(10)', (c) => c.notNull())
      .addColumn('header_names', 'text', (c) => c.notNull())
      .addColumn('secret_names', 'text', (c) => c.notNull())
      .addColumn('sealed', 'text', (c) => c.notNull())
      .addColumn('body', 'text')
      .addColumn('timeout_minutes', 'integer')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('run_triggers')
      .addColumn('test_run_id', 'integer', (c) => c.primaryKey())
      .addColumn('workspace_id', 'integer', (c) => c.notNull())
      .addColumn('triggered_at', 'bigint', (c) => c.notNull())
      .addColumn('timeout_minutes', 'integer', (c) => c.notNull())
      .addColumn('timeout_at', 'bigint', (c) => c.notNull())
      .addColumn('hook_called_at', 'bigint')
      .addColumn('hook_duration', 'integer')
      .addColumn('hook_status', 'integer')
      .addColumn('hook_error', 'text')
      .execute();
    await db.schema.createIndex('test_runs_waiting').on('test_runs').column('id').where(sql.ref('status'), '=', 'STATUS_CREATED').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('test_runs_waiting').ifExists().execute();
    await db.schema.dropTable('run_triggers').ifExists().execute();
    await db.schema.dropTable('trigger_hooks').ifExists().execute();
  },
};
