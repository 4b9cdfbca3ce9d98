/**
 * Run events between processes on PostgreSQL (ingest/shared-run-events.ts): NOTIFY sent in the writing
 * transaction goes out at its commit, in commit order, and never for a write rolled back.
 */
import { sql } from 'kysely';
import type { Db } from './dialect.js';

export const RUN_EVENT_CHANNEL = 'verdict_run_events';

/** One notification per payload, in one statement. Payloads must stay under NOTIFY's 8000 bytes. */
export async function notifyRunEvents(db: Db, payloads: readonly string[]): Promise<void> {
  if (!payloads.length) return;
  await sql`select pg_notify(${RUN_EVENT_CHANNEL}, p) from unnest(${[...payloads]}::text[]) as p`.execute(db);
}
