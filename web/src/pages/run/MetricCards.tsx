import type { Counts } from '../../api';
import { CountsBar } from '../../components/Result';
import { formatCount, formatDuration } from '../../format';

/** A run's counts as cards; a live run's tick as batches arrive (`data-metric` names them for tests). */
export function MetricCards({ counts, duration, title, testId }: { counts: Counts; duration: number | null; title: string; testId?: string }) {
  const aborted = Math.max(0, counts.totalCount - counts.passedCount - counts.failedCount - counts.stoppedCount - counts.notExecutedCount - counts.queuedCount - counts.runningCount);
  const cards: [string, number, string][] = [
    ['Total', counts.totalCount, 'total'],
    ['Passed', counts.passedCount, 'passed'],
    ['Failed', counts.failedCount, 'failed'],
    ['Aborted', aborted, 'stopped'],
    ['Stopped', counts.stoppedCount, 'stopped'],
    ['Not executed', counts.notExecutedCount, 'skipped'],
    ['Queued / running', counts.queuedCount + counts.runningCount, 'queued'],
  ];
  return (
    <div className="metric-group" data-testid={testId ?? 'metrics'}>
      <div className="metric-title">
        {title}
        <CountsBar counts={counts} width={220} />
        <span className="muted">{formatDuration(duration)}</span>
      </div>
      <div className="metric-cards">
        {cards
          .filter(([label, value]) => value > 0 || ['Total', 'Passed', 'Failed'].includes(label))
          .map(([label, value, tone]) => (
            <div key={label} className={`metric tone-border-${tone}`} data-metric={label}>
              <div className="metric-value">{formatCount(value)}</div>
              <div className="metric-label">{label}</div>
            </div>
          ))}
      </div>
    </div>
  );
}
