/** The ways a run ends: a live run is closed, a report's run is complete as written, a waiting run is aborted. */
import { runMessage } from '../core/results.js';
import type { Millis } from '../core/time.js';
import { closeOpenResults } from '../store/result-repository.js';
import { updateRunIf } from '../store/run-repository.js';
import type { KnownMetrics, RunWriter } from './run-writer.js';

export interface ReportTimes {
  startTime: Millis | null;
  endTime: Millis | null;
  duration: number | null;
  buildNo?: string | null;
  executor?: string | null;
  environment?: Record<string, string> | null;
  /** The run's metrics, when the way in knows them (a whole document). */
  metrics?: KnownMetrics;
}

/**
 * Closing completes everything still open: unfinished cases and steps become NOT_EXECUTED (they never
 * ran), or STOPPED when the run is stopped. Returns false when the run was already finished.
 */
export async function closeLiveRun(w: RunWriter, options: { stop: boolean; endTime?: Millis | null }): Promise<boolean> {
  if (w.run.status === 'STATUS_COMPLETED') return false;
  const end = options.endTime ?? w.now;
  const closed = await closeOpenResults(w.db, w.runId, options.stop ? 'STOPPED' : 'NOT_EXECUTED', end, w.now);
  for (const id of closed) w.touchedCases.add(id);
  const start = w.run.start_time ?? end;
  await w.updateRun({ status: 'STATUS_COMPLETED', endTime: end, duration: Math.max(0, end - start) });
  // A stopped run is STOPPED even when every case that ran had passed: the writer says so after its recount.
  if (options.stop) w.endedAs = { result: 'STOPPED', message: runMessage('STOPPED') };
  return true;
}

export async function completeReportRun(w: RunWriter, times: ReportTimes): Promise<void> {
  await w.updateRun({ ...times, status: 'STATUS_COMPLETED' });
}

/**
 * A triggered run that got no results (its hook failed, or its time ran out) ends ABORTED, with the reason
 * as its message. Returns false when it was no longer waiting: results came first, and they win.
 */
export async function abortWaitingRun(w: RunWriter, message: string): Promise<boolean> {
  const end = w.now;
  const start = w.run.start_time ?? end;
  if (!(await updateRunIf(w.db, w.runId, 'STATUS_CREATED', { status: 'STATUS_COMPLETED', end_time: end, duration: Math.max(0, end - start), updated_at: w.now }))) return false;
  w.endedAs = { result: 'ABORTED', message };
  return true;
}
