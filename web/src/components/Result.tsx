import type { Counts, Result } from '../api';
import { formatCount, resultLabel, resultTone } from '../format';

export function ResultBadge({ result, status }: { result: Result; status?: string }) {
  return (
    <span className={`badge tone-${resultTone(result, status)}`} data-result={result}>
      {resultLabel(result, status)}
    </span>
  );
}

/** A small dot, for dense places (tree rows, steps). */
export function ResultDot({ result, status }: { result: Result; status?: string }) {
  return <span className={`dot tone-${resultTone(result, status)}`} title={resultLabel(result, status)} aria-label={resultLabel(result, status)} />;
}

interface Segment {
  tone: string;
  label: string;
  value: number;
}

/** The counts of a run, machine or suite as parts of one whole. Aborted is what the other counts leave. */
export function countSegments(c: Counts): Segment[] {
  const running = c.queuedCount + c.runningCount;
  const known = c.passedCount + c.failedCount + c.stoppedCount + c.notExecutedCount + running;
  return [
    { tone: 'passed', label: 'passed', value: c.passedCount },
    { tone: 'failed', label: 'failed', value: c.failedCount },
    { tone: 'stopped', label: 'aborted/stopped', value: Math.max(0, c.totalCount - known) + c.stoppedCount },
    { tone: 'skipped', label: 'not executed', value: c.notExecutedCount },
    { tone: 'queued', label: 'queued/running', value: running },
  ];
}

export function countsTitle(c: Counts): string {
  const parts = countSegments(c).filter((s) => s.value > 0).map((s) => `${formatCount(s.value)} ${s.label}`);
  return `${formatCount(c.totalCount)} total${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** Counts as a small stacked bar, with the numbers in its tooltip. */
export function CountsBar({ counts, width = 120 }: { counts: Counts; width?: number }) {
  const total = Math.max(counts.totalCount, 1);
  return (
    <span className="counts-bar" style={{ width }} title={countsTitle(counts)} role="img" aria-label={countsTitle(counts)}>
      {counts.totalCount === 0 ? <span className="seg tone-empty" style={{ width: '100%' }} /> : null}
      {countSegments(counts)
        .filter((s) => s.value > 0)
        .map((s) => (
          <span key={s.tone} className={`seg tone-${s.tone}`} style={{ width: `${(s.value / total) * 100}%` }} />
        ))}
    </span>
  );
}

/** "12 passed · 2 failed": the non-zero counts in words. */
export function CountsText({ counts }: { counts: Counts }) {
  const parts = countSegments(counts).filter((s) => s.value > 0);
  return (
    <span className="counts-text">
      {parts.map((s, i) => (
        <span key={s.tone} className={`ct tone-text-${s.tone}`}>
          {i > 0 ? ' · ' : ''}
          {formatCount(s.value)} {s.label}
        </span>
      ))}
      {parts.length === 0 ? <span className="muted">no tests</span> : null}
    </span>
  );
}
