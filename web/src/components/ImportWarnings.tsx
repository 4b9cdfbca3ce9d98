/**
 * What the import tolerated to read the run's reports (GET /test_runs/{id}/warnings): a cut-off file, XML
 * repaired, retries merged, CTRF schema deviations. Shown above the tree so that a run whose numbers rest
 * on a reading of a sloppy report says so; nothing is shown for a clean import or a run not imported.
 */
import type { ImportWarning, RunWarnings } from '../api';
import { useApi } from '../use-api';

const LABELS: Record<ImportWarning['code'], string> = {
  truncated: 'file cut off',
  'repaired-xml': 'XML repaired',
  'merged-retries': 'retries merged',
  'schema-deviation': 'schema deviation',
  'ignored-content': 'left out',
};

const where = (w: ImportWarning) => [w.file, w.line, w.column].filter((p) => p !== null).join(':');

export function ImportWarnings({ runId }: { runId: number }) {
  const { data } = useApi<RunWarnings>(`/test_runs/${runId}/warnings`);
  const warnings = data?.warnings ?? [];
  if (warnings.length === 0) return null;
  return (
    <section className="import-warnings" data-testid="import-warnings" aria-label="Import warnings">
      <h2>
        {warnings.length === 1 ? '1 warning' : `${warnings.length} warnings`} from the import
        <span className="muted"> · the reports were read, but not as they should have been written</span>
      </h2>
      <ul>
        {warnings.map((w, i) => (
          <li key={i} data-code={w.code}>
            <span className={`tag${w.code === 'truncated' ? ' tag-warn' : ''}`}>{LABELS[w.code] ?? w.code}</span> <span className="mono">{where(w)}</span>
            <div>{w.message}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
