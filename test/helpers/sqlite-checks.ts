import SQLite from 'better-sqlite3';

/** `PRAGMA integrity_check` and a recount of every run's counts from its case rows, on a closed SQLite file. */
export function checkSqliteFile(path: string) {
  const db = new SQLite(path, { readonly: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    const mismatches = db
      .prepare(
        `select r.id, r.total_count, r.passed_count, r.failed_count, r.not_executed_count,
           (select count(*) from case_results c where c.test_run_id = r.id and c.parent_id is null) as total,
           (select count(*) from case_results c where c.test_run_id = r.id and c.parent_id is null and c.result = 'SUCCESS') as passed,
           (select count(*) from case_results c where c.test_run_id = r.id and c.parent_id is null and c.result = 'FAILURE') as failed,
           (select count(*) from case_results c where c.test_run_id = r.id and c.parent_id is null and c.result = 'NOT_EXECUTED') as not_executed
         from test_runs r`,
      )
      .all()
      .filter((r: any) => r.total_count !== r.total || r.passed_count !== r.passed || r.failed_count !== r.failed || r.not_executed_count !== r.not_executed);
    const runs = db.prepare('select id, client_key, total_count, status from test_runs order by id').all() as { id: number; client_key: string | null; total_count: number; status: string }[];
    const caseKeys = (db.prepare('select client_key from case_results where client_key is not null').all() as { client_key: string }[]).map((r) => r.client_key);
    return { integrity, mismatches, runs, caseKeys };
  } finally {
    db.close();
  }
}
