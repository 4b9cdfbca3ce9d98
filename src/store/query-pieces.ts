/** Query pieces several repositories share. */
import { sql } from 'kysely';

/**
 * A workspace check written `+workspace_id`, for reads that reach their rows by something narrower (ids, a
 * run, a test): SQLite, without statistics, would otherwise pick an index that leads with workspace_id and
 * walk the whole workspace (4 ms for a page of 50 cases in a 10,000-case workspace, growing with it; seconds
 * for a plan's failing tests at a million) instead of probing the narrower index. The unary plus changes
 * nothing for PostgreSQL, which plans by its statistics.
 */
export const notIndexed = (column: string) => sql<number>`+${sql.ref(column)}`;
