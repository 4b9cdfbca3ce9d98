/**
 * A trigger as a mapping onto the writer: it opens a run of the plan that waits for its CI (result QUEUED,
 * status STATUS_CREATED, triggered by API) and records when that wait ends. The CI then fills the run
 * through any way in (an import with its run id, the live API); the first write puts it in progress
 * (ingest-service.ts). A run that gets nothing (its hook failed, its time ran out) is aborted here.
 *
 * @example
 *   const runId = await openTriggeredRun(ingest, workspaceId, { plan: 'Checkout', buildNo: '42', environment: { environmentId: '7' }, timeoutMinutes: 60 });
 */
import { insertRunTrigger } from '../store/trigger-repository.js';
import { ingestFor, type IngestTarget } from './ingest-for.js';

export interface TriggerOpening {
  plan: string;
  buildNo?: string | null;
  /** The trigger's runtimeData and environmentId, kept as the run's environment. */
  environment?: Record<string, string> | null;
  /** Minutes without results before the run is aborted (jobs/trigger-timeouts.ts). */
  timeoutMinutes: number;
}

export async function openTriggeredRun(target: IngestTarget, workspaceId: number, opening: TriggerOpening, now?: number): Promise<number> {
  return ingestFor(target, now).write(workspaceId, async (tx) => {
    const w = await tx.open({ testPlan: opening.plan, buildNo: opening.buildNo, environment: opening.environment, triggeredType: 'API', waiting: true }, { openItems: false });
    await insertRunTrigger(tx.db, {
      test_run_id: w.runId,
      workspace_id: workspaceId,
      triggered_at: w.now,
      timeout_minutes: opening.timeoutMinutes,
      timeout_at: w.now + opening.timeoutMinutes * 60_000,
      hook_called_at: null,
      hook_duration: null,
      hook_status: null,
      hook_error: null,
    });
    return w.runId;
  });
}

/** Ends a run still waiting for results as ABORTED with `message`; false when results had arrived. */
export async function abortTriggeredRun(target: IngestTarget, workspaceId: number, runId: number, message: string, now?: number): Promise<boolean> {
  return ingestFor(target, now).write(workspaceId, (tx) => tx.abortWaiting(runId, message));
}
