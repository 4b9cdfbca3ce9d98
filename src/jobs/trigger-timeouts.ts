/**
 * The trigger time-out job: a triggered run that has received nothing within its time (its plan's hook's
 * `timeoutMinutes`, else VERDICT_TRIGGER_TIMEOUT_MINUTES, fixed when it was triggered) ends ABORTED with
 * "no results arrived within N minutes of the trigger", so pollers stop waiting.
 *
 * The server runs a pass on an interval; on PostgreSQL one node at a time (store/job-repository.ts). A run
 * ends through the ingest service, which announces `run.finished`; a run whose results arrived meanwhile
 * is left alone (the abort only takes a run that is still waiting).
 *
 * @example
 *   const job = triggerTimeouts({ store, ingest, clock });
 *   const stop = everyInterval(job.pass, TRIGGER_TIMEOUT_EVERY_MS, 'trigger time-outs');
 */
import { triggerTimeoutMessage } from '../core/trigger-hook.js';
import { abortTriggeredRun, type Ingest } from '../ingest/index.js';
import type { Store } from '../store/dialect.js';
import { inJobTurn } from '../store/job-repository.js';
import { overdueTriggeredRuns } from '../store/trigger-repository.js';

export const TRIGGER_TIMEOUT_EVERY_MS = 30_000;
const BATCH = 100;

export function triggerTimeouts(deps: { store: Store; ingest: Ingest; clock: () => number }) {
  let running: Promise<number[]> | undefined;
  async function pass(): Promise<number[]> {
    const aborted: number[] = [];
    await inJobTurn(deps.store, 'trigger-timeouts', async () => {
      const now = deps.clock();
      for (;;) {
        const due = await overdueTriggeredRuns(deps.store.db, now, BATCH);
        for (const run of due) if (await abortTriggeredRun(deps.ingest, run.workspace_id, run.id, triggerTimeoutMessage(run.timeout_minutes))) aborted.push(run.id);
        // Every run seen has left the waiting state (aborted, or taken up by its CI), so the next query moves on.
        if (due.length < BATCH) return;
      }
    });
    return aborted;
  }
  return {
    /** One pass: the ids of the runs it aborted. A pass still running is joined, not doubled. */
    pass(): Promise<number[]> {
      running ??= pass().finally(() => (running = undefined));
      return running;
    },
  };
}
