import type { Db } from './dialect.js';

/** A case's steps in depth-first order (groups before their children). */
export async function listStepResults(db: Db, workspaceId: number, caseResultId: number, page: number, size: number) {
  const base = db.selectFrom('step_results').where('workspace_id', '=', workspaceId).where('case_result_id', '=', caseResultId);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('position').orderBy('id').limit(size).offset(page * size).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
