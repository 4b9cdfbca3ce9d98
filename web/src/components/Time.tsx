/** A time in the viewer's zone (prefs.ts), with how long ago it was; the exact instant in the tooltip. */
import { formatAgo, formatTime } from '../format';
import { usePrefs } from '../prefs';

export function Time({ iso, relative = 'below' }: { iso: string | null | undefined; relative?: 'below' | 'inline' | 'none' }) {
  const { zone } = usePrefs();
  if (!iso) return <span className="muted">—</span>;
  const ago = formatAgo(iso);
  return (
    <time dateTime={iso} title={`${new Date(iso).toISOString().replace('.000Z', 'Z')}${ago ? ` (${ago})` : ''}`} className={`time time-${relative}`}>
      {formatTime(iso, zone)}
      {zone === 'utc' ? <span className="muted small"> UTC</span> : null}
      {relative !== 'none' && ago ? <span className="muted small time-ago">{relative === 'inline' ? ` · ${ago}` : ago}</span> : null}
    </time>
  );
}
