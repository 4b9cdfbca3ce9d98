/**
 * A run's failures grouped by cause (GET /test_runs/{id}/failure_groups): one entry per cause, largest
 * first, with its count, error type, message and top frame, whether it is new in this run or since which
 * run it has been failing, and its cases (quarantined ones marked). Forty failures of two causes read as two.
 */
import { useEffect, useRef, useState } from 'react';
import type { FailureGroup, FailureGroups as Groups, Quarantine } from '../../api';
import { ErrorState } from '../../components/States';
import { plural } from '../../format';
import { quarantineTitle } from '../../quarantines';
import { Link } from '../../router';
import { useApi } from '../../use-api';

const CASES_SHOWN = 5;

export function FailureGroups({ runId, version, quarantined }: { runId: number; version: string; quarantined: Map<number, Quarantine> }) {
  const groups = useApi<Groups>(`/test_runs/${runId}/failure_groups`);
  // `version` changes when a live run's failures may have: fetched again then.
  const { reload } = groups;
  const first = useRef(version);
  useEffect(() => {
    if (version !== first.current) reload();
  }, [version, reload]);
  if (groups.error) return <ErrorState error={groups.error} />;
  const data = groups.data;
  if (!data || data.content.length === 0) return null;
  const fresh = data.content.filter((g) => g.new).length;
  return (
    <section className="panel failure-groups" data-testid="failure-groups" aria-label="Failures by cause">
      <div className="panel-head">
        <h2>Failures by cause</h2>
        <span className="muted small">
          {plural(data.failedCount, 'failure')} from {plural(data.content.length, 'cause')}
          {fresh ? `, ${fresh} new in this run` : ''}
        </span>
      </div>
      <ol className="group-list">
        {data.content.map((g) => (
          <Group key={g.fingerprint} group={g} runId={runId} quarantined={quarantined} />
        ))}
      </ol>
    </section>
  );
}

function Group({ group: g, runId, quarantined }: { group: FailureGroup; runId: number; quarantined: Map<number, Quarantine> }) {
  const [all, setAll] = useState(false);
  const shown = all ? g.cases : g.cases.slice(0, CASES_SHOWN);
  return (
    <li className="group" data-testid="failure-group" data-count={g.count} data-new={g.new}>
      <div className="group-head">
        <span className="group-count" title={plural(g.count, 'failure')}>
          {g.count}×
        </span>
        {g.errorType ? <span className="mono small group-type">{g.errorType}</span> : null}
        {g.new ? (
          <span className="tag tag-new" data-testid="group-new">
            new in this run
          </span>
        ) : (
          <span className="tag" data-testid="group-known">
            known since <Link to={`/runs/${g.firstSeenRunId}`}>run #{g.firstSeenRunId}</Link>
          </span>
        )}
      </div>
      <div className="group-message">{g.message ?? g.normalizedMessage}</div>
      {g.topFrame ? <div className="mono small muted group-frame">at {g.topFrame}</div> : null}
      <ul className="group-cases">
        {shown.map((c) => {
          const q = quarantined.get(c.testCaseId);
          return (
            <li key={c.id}>
              <Link to={`/runs/${runId}/cases/${c.id}`}>{c.name}</Link>
              <span className="muted small">
                {' '}
                {c.suiteName} · {c.machineTitle}
              </span>
              {q ? (
                <span className="tag tag-quarantine" title={quarantineTitle(q)} data-testid="quarantined-tag">
                  quarantined
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      {g.cases.length > CASES_SHOWN ? (
        <button type="button" className="link-button small" onClick={() => setAll((a) => !a)}>
          {all ? 'Show fewer' : `Show all ${g.cases.length}`}
        </button>
      ) : null}
    </li>
  );
}
