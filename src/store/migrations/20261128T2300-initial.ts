import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { DialectTraits } from '../dialect.js';
import { COUNT_COLUMNS } from '../metric-columns.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Table = CreateTableBuilder<any, any>;


function resultColumns(t: Table): Table {
  return t
    .addColumn('result', 'varchar(16)', (c) => c.notNull())
    .addColumn('status', 'varchar(24)', (c) => c.notNull())
    .addColumn('start_time', 'bigint')
    .addColumn('end_time', 'bigint')
    .addColumn('duration', 'bigint')
    .addColumn('re_run_parent_id', 'integer')
    .addColumn('client_key', 'varchar(200)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull());
}

function metricColumns(t: Table, consolidated: boolean): Table {
  t = t.addColumn('metrics_id', 'integer', (c) => c.notNull());
  for (const name of COUNT_COLUMNS) t = t.addColumn(name, 'integer', (c) => c.notNull().defaultTo(0));
  if (consolidated) {
    for (const name of COUNT_COLUMNS) t = t.addColumn(`c_${name}`, 'integer', (c) => c.notNull().defaultTo(0));
    t = t.addColumn('metrics_duration', 'bigint');
  }
  return t.addColumn('consolidated_duration', 'bigint').addColumn('latest_result', 'varchar(16)', (c) => c.notNull());
}

export function initialMigration(traits: DialectTraits) {
  return {
    async up(db: Kysely<any>) {
      await traits.prepareIdAllocation(db);
      await db.schema
        .createTable('workspaces')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id'))
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('key_hash', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('key_prefix', 'varchar(16)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('last_used_at', 'bigint')
        .execute();

      await db.schema
        .createTable('test_plans')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('workspace_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'varchar(500)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('test_plans_name', ['workspace_id', 'name'])
        .execute();
      await db.schema
        .createTable('test_suites')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('workspace_id', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addUniqueConstraint('test_suites_name', ['workspace_id', 'name'])
        .execute();
      await db.schema
        .createTable('test_cases')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('workspace_id', 'integer', (c) => c.notNull())
        .addColumn('identity', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addUniqueConstraint('test_cases_identity', ['workspace_id', 'identity'])
        .execute();
      await db.schema
        .createTable('test_steps')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('workspace_id', 'integer', (c) => c.notNull())
        .addColumn('test_case_id', 'integer', (c) => c.notNull())
        .addColumn('path_key', 'varchar(100)', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addUniqueConstraint('test_steps_path', ['workspace_id', 'test_case_id', 'path_key'])
        .execute();

      await metricColumns(
        resultColumns(
          db.schema
            .createTable('test_runs')
            .addColumn('id', 'integer', (c) => c.primaryKey())
            .addColumn('workspace_id', 'integer', (c) => c.notNull())
            .addColumn('test_plan_id', 'integer', (c) => c.notNull())
            .addColumn('build_no', 'varchar(500)')
            .addColumn('executor', 'varchar(500)')
            .addColumn('triggered_type', 'varchar(16)', (c) => c.notNull())
            .addColumn('re_run_type', 'varchar(48)')
            .addColumn('message', 'text')
            .addColumn('environment', 'text'),
        ),
        true,
      ).execute();
      await db.schema.createIndex('test_runs_plan').on('test_runs').columns(['workspace_id', 'test_plan_id', 'id']).execute();
      await db.schema.createIndex('test_runs_key').on('test_runs').columns(['workspace_id', 'test_plan_id', 'client_key']).unique().execute();
      await db.schema.createIndex('test_runs_parent').on('test_runs').columns(['re_run_parent_id']).execute();

      await metricColumns(
        resultColumns(
          db.schema
            .createTable('machine_results')
            .addColumn('id', 'integer', (c) => c.primaryKey())
            .addColumn('workspace_id', 'integer', (c) => c.notNull())
            .addColumn('test_run_id', 'integer', (c) => c.notNull())
            .addColumn('position', 'integer', (c) => c.notNull())
            .addColumn('title', 'varchar(500)', (c) => c.notNull())
            .addColumn('os_version', 'varchar(200)')
            .addColumn('browser', 'varchar(200)')
            .addColumn('browser_version', 'varchar(200)')
            .addColumn('resolution', 'varchar(200)')
            .addColumn('platform', 'varchar(200)')
            .addColumn('device_name', 'varchar(200)')
            .addColumn('host_name', 'varchar(500)')
            .addColumn('os_type', 'varchar(200)')
            .addColumn('app_details', 'text'),
        ),
        true,
      ).execute();
      await db.schema.createIndex('machine_results_run').on('machine_results').columns(['test_run_id', 'position']).execute();
      await db.schema.createIndex('machine_results_key').on('machine_results').columns(['test_run_id', 'client_key']).unique().where(sql.ref('client_key'), 'is not', null).execute();
      await db.schema.createIndex('machine_results_parent').on('machine_results').columns(['re_run_parent_id']).where(sql.ref('re_run_parent_id'), 'is not', null).execute();

      await metricColumns(
        resultColumns(
          db.schema
            .createTable('suite_results')
            .addColumn('id', 'integer', (c) => c.primaryKey())
            .addColumn('workspace_id', 'integer', (c) => c.notNull())
            .addColumn('test_run_id', 'integer', (c) => c.notNull())
            .addColumn('machine_result_id', 'integer', (c) => c.notNull())
            .addColumn('suite_id', 'integer', (c) => c.notNull())
            .addColumn('position', 'integer', (c) => c.notNull())
            .addColumn('name', 'text', (c) => c.notNull()),
        ),
        true,
      ).execute();
      await db.schema.createIndex('suite_results_run').on('suite_results').columns(['test_run_id', 'machine_result_id', 'position']).execute();
      await db.schema.createIndex('suite_results_machine').on('suite_results').columns(['machine_result_id']).execute();
      await db.schema.createIndex('suite_results_key').on('suite_results').columns(['test_run_id', 'client_key']).unique().where(sql.ref('client_key'), 'is not', null).execute();
      await db.schema.createIndex('suite_results_parent').on('suite_results').columns(['re_run_parent_id']).where(sql.ref('re_run_parent_id'), 'is not', null).execute();

      // Client keys, re-run links and iteration parents are mostly NULL: partial indexes skip those rows,
      // which keeps bulk inserts cheap.
      await metricColumns(
        resultColumns(
          db.schema
            .createTable('case_results')
            .addColumn('id', 'integer', (c) => c.primaryKey())
            .addColumn('workspace_id', 'integer', (c) => c.notNull())
            .addColumn('test_run_id', 'integer', (c) => c.notNull())
            .addColumn('machine_result_id', 'integer', (c) => c.notNull())
            .addColumn('suite_result_id', 'integer', (c) => c.notNull())
            .addColumn('suite_id', 'integer', (c) => c.notNull())
            .addColumn('test_case_id', 'integer', (c) => c.notNull())
            .addColumn('parent_id', 'integer')
            .addColumn('iteration', 'integer')
            .addColumn('data_set_name', 'text')
            .addColumn('position', 'integer', (c) => c.notNull())
            .addColumn('name', 'text', (c) => c.notNull())
            .addColumn('message', 'text')
            .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
            .addColumn('is_data_driven', 'integer', (c) => c.notNull().defaultTo(0))
            .addColumn('is_disabled', 'integer', (c) => c.notNull().defaultTo(0))
            .addColumn('flaky', 'integer', (c) => c.notNull().defaultTo(0))
            .addColumn('error_type', 'text')
            .addColumn('stack_trace', 'text')
            .addColumn('system_out', 'text')
            .addColumn('system_err', 'text')
            .addColumn('attempts', 'text')
            .addColumn('properties', 'text')
            .addColumn('result_given', 'integer', (c) => c.notNull().defaultTo(0)),
        ),
        false,
      ).execute();
      await db.schema.createIndex('case_results_run').on('case_results').columns(['test_run_id', 'id']).execute();
      await db.schema.createIndex('case_results_suite').on('case_results').columns(['suite_result_id', 'position']).execute();
      await db.schema.createIndex('case_results_parent').on('case_results').columns(['parent_id']).where(sql.ref('parent_id'), 'is not', null).execute();
      await db.schema.createIndex('case_results_history').on('case_results').columns(['workspace_id', 'test_case_id', 'id']).execute();
      await db.schema.createIndex('case_results_key').on('case_results').columns(['test_run_id', 'client_key']).unique().where(sql.ref('client_key'), 'is not', null).execute();
      await db.schema.createIndex('case_results_rerun').on('case_results').columns(['re_run_parent_id']).where(sql.ref('re_run_parent_id'), 'is not', null).execute();

      await db.schema
        .createTable('step_results')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('workspace_id', 'integer', (c) => c.notNull())
        .addColumn('test_run_id', 'integer', (c) => c.notNull())
        .addColumn('machine_result_id', 'integer', (c) => c.notNull())
        .addColumn('case_result_id', 'integer', (c) => c.notNull())
        .addColumn('test_case_id', 'integer', (c) => c.notNull())
        .addColumn('step_id', 'integer', (c) => c.notNull())
        .addColumn('parent_step_result_id', 'varchar(36)')
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('depth', 'integer', (c) => c.notNull())
        .addColumn('type', 'varchar(24)', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('priority', 'varchar(8)', (c) => c.notNull())
        .addColumn('result', 'varchar(16)', (c) => c.notNull())
        .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('message', 'text')
        .addColumn('error_code', 'integer')
        .addColumn('error_type', 'varchar(100)')
        .addColumn('condition_type', 'varchar(24)', (c) => c.notNull())
        .addColumn('ignore_result', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('start_time', 'bigint')
        .addColumn('end_time', 'bigint')
        .addColumn('duration', 'bigint')
        .addColumn('client_key', 'varchar(200)')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('step_results_case').on('step_results').columns(['case_result_id', 'position']).execute();
      await db.schema.createIndex('step_results_key').on('step_results').columns(['test_run_id', 'client_key']).unique().where(sql.ref('client_key'), 'is not', null).execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['step_results', 'case_results', 'suite_results', 'machine_results', 'test_runs', 'test_steps', 'test_cases', 'test_suites', 'test_plans', 'api_keys', 'workspaces']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
      await sql`drop table if exists id_counters`.execute(db);
    },
  };
}
