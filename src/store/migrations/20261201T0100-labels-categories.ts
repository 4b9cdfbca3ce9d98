import type { Kysely } from 'kysely';

/* eslint-disable @typescript-eslint/no-explicit-any */

/**
 * Labels (owner, severity, tag... several per case, a name may repeat), the failure's category, links and
 * parameters of cases and steps (Allure results, and any document that carries them).
 *
 * Labels get a table of their own so both databases filter on them with an index: a list filter
 * `owner:alice` is `EXISTS (… case_labels WHERE case_result_id = c.id AND name = 'owner' AND value = 'alice')`,
 * one probe of `case_labels_case` per candidate case (lists are scoped to a run, so that is the run's cases,
 * never the workspace's history).
 */
export const labelsCategoriesMigration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('case_labels')
      .addColumn('workspace_id', 'integer', (c) => c.notNull())
      .addColumn('test_run_id', 'integer', (c) => c.notNull())
      .addColumn('case_result_id', 'integer', (c) => c.notNull())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('value', 'varchar(1000)', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('case_labels_case').on('case_labels').columns(['case_result_id', 'name', 'value']).execute();
    await db.schema.alterTable('case_results').addColumn('category', 'varchar(500)').execute();
    await db.schema.alterTable('case_results').addColumn('links', 'text').execute();
    await db.schema.alterTable('case_results').addColumn('parameters', 'text').execute();
    await db.schema.alterTable('step_results').addColumn('parameters', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('case_labels').ifExists().execute();
    for (const column of ['category', 'links', 'parameters']) await db.schema.alterTable('case_results').dropColumn(column).execute();
    await db.schema.alterTable('step_results').dropColumn('parameters').execute();
  },
};
