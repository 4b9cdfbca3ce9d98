/**
 * Jobs that run on a schedule in every server node take turns: on a database that several nodes share
 * (PostgreSQL), a pass runs only on the node that holds the job's advisory lock, for the length of a
 * transaction that waits while the pass runs; the others skip their turn. A SQLite file has one server.
 */
import { sql } from 'kysely';
import type { Store } from './dialect.js';

/** One lock id per job (a bigint of pg_try_advisory_xact_lock's space): 'VRD' and a number. */
const JOB_LOCKS = { 'trigger-timeouts': 0x565244_0001, 'webhook-dispatch': 0x565244_0002, retention: 0x565244_0003 } as const;
export type JobName = keyof typeof JOB_LOCKS;

/** Runs `pass` unless another node runs the same job now; returns whether it ran. */
export async function inJobTurn(store: Store, job: JobName, pass: () => Promise<void>): Promise<boolean> {
  if (!store.traits.sharedByNodes) {
    await pass();
    return true;
  }
  return store.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${JOB_LOCKS[job]}::bigint) as locked`.execute(trx);
    if (!rows[0]?.locked) return false;
    await pass();
    return true;
  });
}
