/** Small result rules shared by every way in: input aliases, status, run message, metrics duration. */
import { span, type Millis } from './time.js';
import { RESULT_ALIASES, type Result, type Status } from './vocabulary.js';
import { TEXT_LIMITS, type InputResult } from './document.js';
import { fit } from './text.js';

/** PASSED/FAILED/SKIPPED are accepted on input; SKIPPED is stored as NOT_EXECUTED and flagged. */
export function normalizeResultName(input: InputResult): { result: Result; skipped: boolean } {
  if (input === 'SKIPPED') return { result: 'NOT_EXECUTED', skipped: true };
  return { result: (RESULT_ALIASES as Record<string, Result>)[input] ?? (input as Result), skipped: false };
}

export function statusOf(result: Result): Status {
  return result === 'QUEUED' ? 'STATUS_IN_PROGRESS' : 'STATUS_COMPLETED';
}

/** The run's `message`, as the original API words it. */
export function runMessage(result: Result): string | null {
  if (result === 'QUEUED') return null;
  if (result === 'STOPPED') return 'Test Plan Execution Was Stopped';
  if (result === 'SUCCESS') return 'Test plan execution completed';
  return 'Test plan execution failed';
}

/** metrics.duration: from the first test case's start to the end (reference.md §4.3); else the duration. */
export function metricsDuration(times: { endTime: Millis | null; duration: number | null }, firstStart: Millis | null): number | null {
  return span(firstStart, times.endTime) ?? times.duration;
}

/**
 * A machine's title when the client gave none: platform and browser (or device), else the host, else
 * the fallback (`default`, or the live API's client key). Titles identify a machine within a run and
 * link it to its counterpart in a re-run.
 */
export function machineTitle(dc: { title?: string | null; platform?: string | null; browser?: string | null; deviceName?: string | null; hostName?: string | null } | null | undefined, fallback = 'default'): string {
  const d = dc ?? {};
  return fit(d.title?.trim() || [d.platform, d.browser ?? d.deviceName].filter((p) => p?.trim()).join(' ').trim() || d.hostName?.trim() || fallback, TEXT_LIMITS.title);
}
