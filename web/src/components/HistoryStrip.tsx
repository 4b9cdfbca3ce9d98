/** A test's recent results as a strip of squares, oldest on the left; each one opens that result. */
import type { HistoryEntry } from '../api';
import { formatDuration, formatTime, resultLabel, resultTone } from '../format';
import { Link } from '../router';

export function HistoryStrip({ entries, current, size = 'normal' }: { entries: readonly HistoryEntry[]; current?: number; size?: 'normal' | 'large' }) {
  const ordered = [...entries].reverse();
  return (
    <div className={`history-strip ${size}`} data-testid="history-strip">
      {ordered.map((h) => (
        <Link
          key={h.caseResultId}
          to={`/runs/${h.runId}/cases/${h.caseResultId}`}
          className={`history-cell tone-${resultTone(h.result, h.status)} ${h.caseResultId === current ? 'current' : ''}`}
          data-testid="history-cell"
          data-result={h.result}
          aria-current={h.caseResultId === current ? 'page' : undefined}
          title={`Run #${h.runId}${h.buildNo ? ` · build ${h.buildNo}` : ''} · ${h.machineTitle}\n${resultLabel(h.result, h.status)} · ${formatDuration(h.duration)} · ${formatTime(h.startTime ?? h.runStartTime)}`}
        />
      ))}
    </div>
  );
}
