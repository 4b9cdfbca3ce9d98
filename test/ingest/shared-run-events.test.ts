/**
 * Run events through PostgreSQL (ingest/shared-run-events.ts): only committed writes are announced, each
 * once to every process listening, the writer's own included; a payload that is not a run event is dropped.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngest, type RunEvent } from '../../src/ingest/index.js';
import { decodeRunEvent, encodeRunEvent, sharedRunEvents } from '../../src/ingest/shared-run-events.js';
import { openStore, type Store } from '../../src/store/dialect.js';
import { RUN_EVENT_CHANNEL } from '../../src/store/run-event-notices.js';
import { ensureWorkspace } from '../../src/store/workspace-repository.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { DATABASES } from '../helpers/databases.js';
import { createScratchDatabase } from '../helpers/scratch-database.js';

const until = async (what: () => boolean, ms = 5000) => {
  for (const start = Date.now(); !what(); ) {
    if (Date.now() - start > ms) throw new Error('waited in vain');
    await new Promise((r) => setTimeout(r, 10));
  }
};

it('a payload is a run event, or nothing', () => {
  const event: RunEvent = { kind: 'run.finished', workspaceId: 3, runId: 41, at: 1_700_000_000_000 };
  expect(decodeRunEvent(encodeRunEvent(event))).toEqual(event);
  expect(encodeRunEvent({ ...event, runId: Number.MAX_SAFE_INTEGER }).length).toBeLessThan(200);
  for (const bad of ['', 'not json', 'null', '{"kind":"run.exploded","workspaceId":1,"runId":1,"at":1}', '{"kind":"run.created","workspaceId":"1","runId":1,"at":1}']) {
    expect(decodeRunEvent(bad)).toBeUndefined();
  }
});

describe.runIf(DATABASES.includes('postgres' as never))('run events through PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let writer: Store;
  let other: Store; // another process's store on the same database
  const heard: { here: RunEvent[]; there: RunEvent[] } = { here: [], there: [] };

  beforeAll(async () => {
    scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL!, 'verdict_test');
    writer = openStore({ databaseUrl: scratch.url });
    await migrateToLatest(writer);
    other = openStore({ databaseUrl: scratch.url });
  });
  afterAll(async () => {
    await other.close();
    await writer.close();
    await scratch.drop();
  });

  it('announces committed writes once to each process, and a rolled-back one to none', async () => {
    const events = sharedRunEvents(writer.listener!);
    events.subscribe((e) => void heard.here.push(e));
    const theirs = sharedRunEvents(other.listener!);
    theirs.subscribe((e) => void heard.there.push(e));
    await until(() => writer.listener!.live(RUN_EVENT_CHANNEL) && other.listener!.live(RUN_EVENT_CHANNEL));

    const ingest = createIngest(writer, events, () => 1000);
    const workspaceId = await ensureWorkspace(writer.db, writer.traits, 'acme', 1000);
    await expect(
      ingest.write(workspaceId, async (tx) => {
        await tx.open({ testPlan: 'Doomed', key: 'rolled-back' }, { openItems: true });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const runId = await ingest.write(workspaceId, async (tx) => (await tx.open({ testPlan: 'Kept', key: 'committed' }, { openItems: true })).runId);
    // Not at once: the writer's own process hears it when the notification comes back.
    await until(() => heard.here.length >= 2 && heard.there.length >= 2);
    await sql`select pg_notify(${RUN_EVENT_CHANNEL}, 'garbage')`.execute(writer.db);
    const marker = await ingest.write(workspaceId, async (tx) => (await tx.open({ testPlan: 'Kept', key: 'marker' }, { openItems: true })).runId);
    await until(() => heard.here.length >= 4 && heard.there.length >= 4);

    const expected = [
      { kind: 'run.created', workspaceId, runId, at: 1000 },
      { kind: 'run.updated', workspaceId, runId, at: 1000 },
      { kind: 'run.created', workspaceId, runId: marker, at: 1000 },
      { kind: 'run.updated', workspaceId, runId: marker, at: 1000 },
    ];
    expect(heard.here).toEqual(expected);
    expect(heard.there).toEqual(expected);
  });
});
