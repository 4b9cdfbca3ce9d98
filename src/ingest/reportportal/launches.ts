/**
 * Launches: a ReportPortal launch is a Verdict run of the plan its name gives, with one machine. Every
 * unit of work of a launch starts by locking its row (`lockLaunch`), so one launch's requests apply one
 * at a time on PostgreSQL too. A launch is made on first sight, by its start or by the first item or log
 * that names it (another process started it, or its start is still on the way); a start that comes later
 * names it then.
 */
import { randomUUID } from 'node:crypto';
import { TEXT_LIMITS } from '../../core/document.js';
import { launchFacts, UNNAMED_LAUNCH } from '../../core/reportportal.js';
import type { RpLaunchFinish, RpLaunchStart } from '../../core/reportportal-requests.js';
import { fit } from '../../core/text.js';
import { findUnfinishedByStartHash, findRpItem, insertRpItem, touchRpItem, updateRpItem, type RpItemRow } from '../../store/rp-item-repository.js';
import { findLatestRunOfPlan, findRunChild } from '../../store/run-repository.js';
import type { Db } from '../../store/dialect.js';
import type { Ingest } from '../ingest-service.js';
import type { IngestTransaction } from '../ingest-service.js';
import type { MachineRef, RunWriter } from '../run-writer.js';
import { fingerprint, rpNotFound, timeOf } from './values.js';

/** The key of a launch's one machine: ReportPortal items carry no process or host of their own. */
const MACHINE_KEY = 'rp';

export interface LaunchLock {
  row: RpItemRow;
  writer: RunWriter;
  machine: MachineRef;
  created: boolean;
}

/** The launch, locked for this unit of work, with a writer on its run; made on first sight. */
export async function lockLaunch(tx: IngestTransaction, workspaceId: number, uuid: string, first: { start?: RpLaunchStart; startTime?: number | null; uncounted?: boolean }): Promise<LaunchLock> {
  const now = tx.now;
  const claimed = await insertRpItem(tx.db, { workspace_id: workspaceId, uuid, kind: 'launch', launch_uuid: uuid, name: first.start ? fit(first.start.name.trim(), TEXT_LIMITS.title) : null, created_at: now, updated_at: now });
  if (!claimed) {
    await touchRpItem(tx.db, workspaceId, uuid, now);
    const row = (await findRpItem(tx.db, workspaceId, uuid))!;
    if (row.kind !== 'launch' || row.test_run_id === null) throw rpNotFound('LAUNCH_NOT_FOUND', `Launch '${uuid}' not found: the UUID names a test item`);
    // A finished launch still takes late items; what they add arrives complete, not "in progress".
    const writer = await tx.run(row.test_run_id, { openItems: !row.finished, allowFinished: true, uncounted: first.uncounted });
    const machine = (await writer.machineByKey(MACHINE_KEY)) ?? (await writer.machine({ key: MACHINE_KEY, title: 'default' }));
    return { row, writer, machine, created: false };
  }
  const start = first.start;
  const facts = launchFacts(start ?? {});
  const startTime = first.startTime ?? null;
  const writer = await tx.open(
    {
      testPlan: start ? fit(start.name.trim(), TEXT_LIMITS.title) : UNNAMED_LAUNCH,
      startTime: startTime ?? undefined,
      buildNo: facts.buildNo,
      environment: facts.environment,
      reRunParentId: start && (start.rerun || start.rerunOf) ? await reRunParent(tx.db, workspaceId, start) : null,
    },
    { openItems: true },
  );
  const machine = await writer.machine({ key: MACHINE_KEY, title: facts.machine.title, device: { hostName: facts.machine.hostName }, startTime: startTime ?? undefined });
  await updateRpItem(tx.db, workspaceId, uuid, { test_run_id: writer.runId, start_time: startTime });
  return { row: (await findRpItem(tx.db, workspaceId, uuid))!, writer, machine, created: true };
}

/** `rerunOf` names the launch re-run; `rerun` alone, the newest run of the plan. A chain has no forks: its end is the parent. */
async function reRunParent(db: Db, workspaceId: number, start: RpLaunchStart): Promise<number | null> {
  const named = start.rerunOf ? await findRpItem(db, workspaceId, start.rerunOf) : undefined;
  let id = named?.kind === 'launch' ? named.test_run_id : ((await findLatestRunOfPlan(db, workspaceId, start.name.trim()))?.id ?? null);
  for (let child = id === null ? undefined : await findRunChild(db, workspaceId, id); child; child = await findRunChild(db, workspaceId, child.id)) id = child.id;
  return id;
}

/**
 * Starts a launch. The client's `uuid` is honoured and answered as the id; without one, a start with the
 * same body as an unfinished launch is that start resent (its reply was lost) and finds it.
 */
export async function startLaunch(ingest: Ingest, workspaceId: number, start: RpLaunchStart): Promise<{ uuid: string; runId: number }> {
  const startTime = timeOf(start.startTime, 'startTime');
  const hash = start.uuid ? null : fingerprint(['launch', start]);
  return ingest.write(workspaceId, async (tx) => {
    const resent = hash ? await findUnfinishedByStartHash(tx.db, workspaceId, 'launch', hash) : undefined;
    if (resent?.test_run_id) return { uuid: resent.uuid, runId: resent.test_run_id };
    const uuid = start.uuid ?? randomUUID();
    const lock = await lockLaunch(tx, workspaceId, uuid, { start, startTime });
    if (lock.row.started) return { uuid, runId: lock.writer.runId };
    if (!lock.created) await nameLaunch(lock, start, startTime);
    await updateRpItem(tx.db, workspaceId, uuid, { started: 1, start_hash: hash, name: fit(start.name.trim(), TEXT_LIMITS.title), start_time: startTime ?? lock.row.start_time });
    return { uuid, runId: lock.writer.runId };
  });
}

/** The start of a launch whose items came first: its run moves to the plan it names and takes its facts. */
async function nameLaunch(lock: LaunchLock, start: RpLaunchStart, startTime: number | null): Promise<void> {
  const facts = launchFacts(start);
  await lock.writer.updateRun({ testPlan: fit(start.name.trim(), TEXT_LIMITS.title), startTime: startTime ?? undefined, buildNo: facts.buildNo ?? undefined, environment: facts.environment });
  await lock.writer.machine({ key: MACHINE_KEY, title: facts.machine.title, device: { title: facts.machine.title, hostName: facts.machine.hostName }, startTime: startTime ?? undefined });
}

/**
 * Finishes a launch: what never finished is NOT_EXECUTED (STOPPED when the status is `stopped`), the
 * result comes from the cases whatever status is sent. Finishing again changes nothing.
 */
export async function finishLaunch(ingest: Ingest, workspaceId: number, uuid: string, finish: RpLaunchFinish): Promise<{ runId: number }> {
  const endTime = timeOf(finish.endTime, 'endTime');
  return ingest.write(workspaceId, async (tx) => {
    const found = await findRpItem(tx.db, workspaceId, uuid);
    if (found?.kind !== 'launch') throw rpNotFound('LAUNCH_NOT_FOUND', `Launch '${uuid}' not found. Did you use correct Launch ID?`);
    const lock = await lockLaunch(tx, workspaceId, uuid, {});
    if (lock.row.finished) return { runId: lock.writer.runId };
    if (finish.description || finish.attributes?.length) {
      const current = lock.writer.run.environment ? (JSON.parse(lock.writer.run.environment) as Record<string, string>) : {};
      await lock.writer.updateRun({ environment: { ...current, ...launchFacts(finish).environment } });
    }
    await tx.finishLive(lock.writer, { stop: finish.status?.trim().toLowerCase() === 'stopped', endTime });
    await updateRpItem(tx.db, workspaceId, uuid, { finished: 1, status: finish.status ?? null });
    return { runId: lock.writer.runId };
  });
}

/** A launch's row, for the look-ups (`launch/uuid/{uuid}`); undefined when the workspace has none by that UUID. */
export async function findLaunch(db: Db, workspaceId: number, uuid: string): Promise<RpItemRow | undefined> {
  const row = await findRpItem(db, workspaceId, uuid);
  return row?.kind === 'launch' && row.test_run_id !== null ? row : undefined;
}
