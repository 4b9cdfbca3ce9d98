/**
 * The trigger time-out job against the store, on every database: a pass aborts only waiting runs past
 * their time, through the ingest service (run.finished); passes take turns across nodes on PostgreSQL
 * (an advisory lock another node holds makes this one skip), and overlapping passes in one node join.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIngest, inProcessRunEvents, openTriggeredRun, type RunEvent } from '../../src/ingest/index.js';
import { triggerTimeouts } from '../../src/jobs/trigger-timeouts.js';
import type { Store } from '../../src/store/dialect.js';
import { inJobTurn } from '../../src/store/job-repository.js';
import { findRun } from '../../src/store/run-repository.js';
import { ensureWorkspace } from '../../src/store/workspace-repository.js';
import { DATABASES, freshStore } from '../helpers/databases.js';

const NOW = Date.parse('2026-11-28T12:00:00Z');

describe.each(DATABASES)('trigger time-outs on %s', (kind) => {
  let store: Store & { drop(): Promise<void> };
  let clock: { now: number };
  let events: RunEvent[];
  let job: ReturnType<typeof triggerTimeouts>;
  let ingest: ReturnType<typeof createIngest>;
  let workspaceId: number;
  beforeEach(async () => {
    store = await freshStore(kind);
    clock = { now: NOW };
    events = [];
    const bus = inProcessRunEvents();
    bus.subscribe((e) => void events.push(e));
    ingest = createIngest(store, bus, () => clock.now);
    job = triggerTimeouts({ store, ingest, clock: () => clock.now });
    workspaceId = await ensureWorkspace(store.db, store.traits, 'acme', NOW);
  });
  afterEach(() => store.drop());

  const trigger = (timeoutMinutes: number) => openTriggeredRun(ingest, workspaceId, { plan: 'Nightly', timeoutMinutes });

  it('aborts the waiting runs past their time, oldest first, announcing run.finished; no others', async () => {
    const ten = await trigger(10);
    const twenty = await trigger(20);
    clock.now = NOW + 10 * 60_000;
    expect(await job.pass()).toEqual([ten]);
    expect(await findRun(store.db, workspaceId, ten)).toMatchObject({ status: 'STATUS_COMPLETED', result: 'ABORTED', latest_result: 'ABORTED', message: 'no results arrived within 10 minutes of the trigger', end_time: NOW + 10 * 60_000 });
    expect(await findRun(store.db, workspaceId, twenty)).toMatchObject({ status: 'STATUS_CREATED', result: 'QUEUED' });
    expect(events.filter((e) => e.kind === 'run.finished')).toEqual([{ kind: 'run.finished', workspaceId, runId: ten, at: NOW + 10 * 60_000 }]);
    expect(await job.pass()).toEqual([]);
  });

  it('overlapping passes in one node are one pass', async () => {
    await trigger(1);
    clock.now = NOW + 60_000;
    const [a, b] = await Promise.all([job.pass(), job.pass()]);
    expect(a).toBe(b);
    expect(a).toHaveLength(1);
  });

  // Only PostgreSQL is shared by several nodes (a SQLite file has one server, which always has the turn).
  if (kind === 'postgres') it('skips its turn while another node runs the job (it holds the advisory lock)', async () => {
    const run = await trigger(1);
    clock.now = NOW + 60_000;
    await store.db.transaction().execute(async (otherNode) => {
      // What inJobTurn takes on the node whose turn it is; this node then skips.
      await sql`select pg_advisory_xact_lock(${0x565244_0001}::bigint)`.execute(otherNode);
      let ran = false;
      expect(await inJobTurn(store, 'trigger-timeouts', async () => void (ran = true))).toBe(false);
      expect(ran).toBe(false);
      expect(await job.pass()).toEqual([]);
    });
    expect(await job.pass()).toEqual([run]);
  });
});
