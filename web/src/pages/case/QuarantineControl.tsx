/**
 * Quarantine a test from its case page (PUT /test_cases/{id}/quarantine with a reason and, optionally, a
 * day it ends), or release it (DELETE). A quarantined test's failures stay visible but are counted apart
 * and do not fail `verdict upload --fail-on-failure`; the quarantine ends by itself at `until`.
 */
import { useState } from 'react';
import { apiSend, ApiError, type Quarantine } from '../../api';
import { Time } from '../../components/Time';

export function QuarantineControl({ testCaseId, quarantine, onChange }: { testCaseId: number; quarantine: Quarantine | undefined; onChange: () => void }) {
  const [editing, setEditing] = useState(false);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
      setEditing(false);
      onChange();
    } catch (e) {
      setError(e instanceof ApiError ? e.body.error : (e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (quarantine) {
    return (
      <div className="quarantine-box" data-testid="quarantine-status">
        <span className="tag tag-quarantine">quarantined</span>
        <span>{quarantine.reason}</span>
        <span className="muted small">{quarantine.until ? <>until <Time iso={quarantine.until} relative="inline" /></> : 'until released'}</span>
        <span className="spacer" />
        <button type="button" className="button small" disabled={busy} onClick={() => run(() => apiSend('DELETE', `/test_cases/${testCaseId}/quarantine`))} data-testid="release-quarantine">
          Release
        </button>
        {error ? <span className="form-error">{error}</span> : null}
      </div>
    );
  }
  if (!editing) {
    return (
      <button type="button" className="button small" onClick={() => setEditing(true)} data-testid="quarantine-button" title="Its failures stay visible but are counted apart and do not fail the build">
        Quarantine…
      </button>
    );
  }
  return (
    <form
      className="quarantine-form panel"
      data-testid="quarantine-form"
      onSubmit={(e) => {
        e.preventDefault();
        // A day picked in the form ends at the end of that day, in the viewer's zone.
        const body = { reason: reason.trim(), ...(until ? { until: new Date(`${until}T23:59:59`).toISOString() } : {}) };
        run(() => apiSend('PUT', `/test_cases/${testCaseId}/quarantine`, body));
      }}
    >
      <p className="muted small">A quarantined test's failures stay visible, are counted apart, and do not fail <code>verdict upload --fail-on-failure</code>.</p>
      <label>
        Reason
        <input value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} placeholder="e.g. flaky on Safari, tracked in SHOP-123" data-testid="quarantine-reason" autoFocus />
      </label>
      <label>
        Until (optional)
        <input type="date" value={until} onChange={(e) => setUntil(e.target.value)} min={new Date().toISOString().slice(0, 10)} data-testid="quarantine-until" />
      </label>
      <div className="form-actions">
        <button type="submit" className="button primary small" disabled={busy || !reason.trim()} data-testid="quarantine-save">
          Quarantine
        </button>
        <button type="button" className="button small" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
      {error ? <div className="form-error">{error}</div> : null}
    </form>
  );
}
