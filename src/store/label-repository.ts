/** A case's labels (written with the case, by the writer: case-writes.ts), read for its details. */
import type { Db } from './dialect.js';

/** In the order written (insertion), a name's values together. */
export function labelsOfCase(db: Db, workspaceId: number, caseResultId: number) {
  return db.selectFrom('case_labels').select(['name', 'value']).where('workspace_id', '=', workspaceId).where('case_result_id', '=', caseResultId).execute();
}
