import type { Result } from './api';

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

/** 2024-05-29 07:29 in the browser's time zone. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "3 days ago", for a title attribute or a secondary line. */
export function formatAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '';
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  if (!Number.isFinite(s)) return '';
  const steps: [number, string][] = [[60, 'second'], [60, 'minute'], [24, 'hour'], [30, 'day'], [12, 'month']];
  let value = s;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return `${value} ${unit}${Math.abs(value) === 1 ? '' : 's'} ago`;
    value = Math.round(value / size);
  }
  return `${value} year${value === 1 ? '' : 's'} ago`;
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
