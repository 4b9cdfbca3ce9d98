import type { Result } from './api';
import { prefs } from './prefs';

export const RESULT_LABEL: Record<Result, string> = {
  SUCCESS: 'Passed',
  FAILURE: 'Failed',
  ABORTED: 'Aborted',
  STOPPED: 'Stopped',
  NOT_EXECUTED: 'Not executed',
  QUEUED: 'Queued',
};

/** Failures first: the order the run tree sorts siblings in. */
export const RESULT_SEVERITY: Record<Result, number> = { FAILURE: 0, ABORTED: 1, STOPPED: 2, QUEUED: 3, NOT_EXECUTED: 4, SUCCESS: 5 };

/** CSS class of a result: one colour per family, used by badges, bars, strips and charts alike. */
export function resultTone(result: Result | string, status?: string): string {
  if (status === 'STATUS_IN_PROGRESS' || result === 'QUEUED') return 'queued';
  switch (result) {
    case 'SUCCESS':
      return 'passed';
    case 'FAILURE':
      return 'failed';
    case 'ABORTED':
    case 'STOPPED':
      return 'stopped';
    default:
      return 'skipped';
  }
}

export function resultLabel(result: Result | string, status?: string): string {
  if (status === 'STATUS_IN_PROGRESS') return 'Running';
  // A triggered run whose CI has not sent anything yet.
  if (status === 'STATUS_CREATED') return 'Waiting for CI';
  return RESULT_LABEL[result as Result] ?? result;
}

/** 850 ms, 23.0 s, 3m 05s, 1h 02m. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** 2024-05-29 07:29 in the zone the viewer chose (prefs.ts): the browser's, or UTC. */
export function formatTime(iso: string | null | undefined, zone = prefs().zone): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  if (zone === 'utc') return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "1 run", "2 runs", "1,024 machines"; `many` for irregular words ("1 match", "3 matches"). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "3 days ago", "just now", "in 2 hours": for a secondary line or a title. */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(s)) return '';
  if (Math.abs(s) < 45) return 'just now';
  const steps: [number, string][] = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month']];
  let value = Math.abs(s);
  let unit = 'year';
  for (const [size, name] of steps) {
    if (value < size) {
      unit = name;
      break;
    }
    value = Math.round(value / size);
  }
  const words = `${value} ${unit}${value === 1 ? '' : 's'}`;
  return s >= 0 ? `${words} ago` : `in ${words}`;
}

export const formatCount = (n: number) => n.toLocaleString('en-US');

export function formatPercent(rate: number | null | undefined, digits = 0): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(digits)}%`;
}

/** 512 B, 12.3 KB, 4.5 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
