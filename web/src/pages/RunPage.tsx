/**
 * A run: its facts (commit, branch and CI job linked), metrics (and consolidated counts after re-runs),
 * links to its re-runs and parent, what the import tolerated, its failures grouped by cause, then
 * machines -> suites -> cases, failures first (pages/run/). A run in progress updates as results arrive
 * (run events over server-sent events, live.ts) and says so; a finished one does not stream.
 */
import { useEffect, useState } from 'react';
import type { Counts } from '../api';
import { CopyButton } from '../components/Copy';
import { ImportWarnings } from '../components/ImportWarnings';
import { Breadcrumbs } from '../components/Layout';
import { ResultBadge } from '../components/Result';
import { Empty, ErrorState, Loading } from '../components/States';
import { RENDER_ALL_UP_TO } from '../components/WindowList';
import { pageUrl } from '../links';
import { useRunEvents, type LiveState } from '../live';
import { useQuarantines } from '../quarantines';
import { Link, useLocation } from '../router';
import { NARROW, useMedia } from '../use-media';
import { FailureGroups } from './run/FailureGroups';
import { MetricCards } from './run/MetricCards';
import { RunFacts } from './run/RunFacts';
import { CaseSearch, SearchResults } from './run/RunSearch';
import { RunTree } from './run/RunTree';
import { useRunData } from './run/use-run-data';

const LIVE_LABEL: Record<LiveState, string> = { off: '', connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…', paused: 'Paused while hidden', ended: '' };

export function RunPage({ runId }: { runId: number }) {
  const { search } = useLocation();
  const { run, reruns, machines, suites, treeError, refresh } = useRunData(runId);
  const quarantined = useQuarantines();
  const narrow = useMedia(NARROW);
  const [expand, setExpand] = useState({ all: 0, none: 0 });
  const [firstRows, setFirstRows] = useState(false);
  const inProgress = run.data !== undefined && run.data.status !== 'STATUS_COMPLETED';
  const live = useRunEvents({ runId, enabled: inProgress, onChange: refresh });

  useEffect(() => {
    document.title = `Run #${runId} · Verdict`;
  }, [runId]);

  if (run.error) return <ErrorState error={run.error} />;
  if (!run.data) return <Loading what={`Loading run #${runId}`} />;
  const r = run.data;
  const m = r.metrics;
  const children = reruns.data?.content ?? [];
  const consolidated: Counts = {
    totalCount: m.consolidatedPlanTotalCount,
    passedCount: m.consolidatedPlanPassedCount,
    failedCount: m.consolidatedPlanFailedCount,
    stoppedCount: m.consolidatedPlanStoppedCount,
    notExecutedCount: m.consolidatedPlanNotExecutedCount,
    queuedCount: m.consolidatedPlanQueuedCount,
    runningCount: m.consolidatedPlanRunningCount,
  };
  const hasReruns = children.length > 0;
  const searchText = search.get('search') ?? '';
  const windowed = (machines?.length ?? 0) + (suites?.length ?? 0) + m.totalCount > RENDER_ALL_UP_TO;
  // Which failures to group changes with the counts; a string so the panel refetches only then.
  const failureVersion = `${m.failedCount}|${m.totalCount}|${r.status}`;

  return (
    <div className="page run-page">
      <Breadcrumbs items={[{ label: 'Runs', to: '/runs' }, { label: r.testPlanName ?? `Plan ${r.testPlanId}`, to: `/plans/${r.testPlanId}` }, { label: `Run #${r.id}` }]} />
      <div className="page-head">
        <h1>
          Run #{r.id} <ResultBadge result={r.result} status={r.status} />
          {inProgress && live !== 'off' && live !== 'ended' ? (
            <span className={`live-badge live-${live}`} data-testid="live-badge" data-state={live} role="status">
              <span className="live-dot" aria-hidden /> {LIVE_LABEL[live]}
            </span>
          ) : null}
        </h1>
        <span className="spacer" />
        <div className="head-actions">
          <Link to={`/runs/${r.id}/compare`} className="button small" data-testid="compare-link">
            Compare
          </Link>
          <CopyButton text={pageUrl(`/runs/${r.id}`)} label="Copy link" testId="copy-run-link" />
        </div>
      </div>
      <RunFacts run={r} />

      {r.reRunParentId || hasReruns ? (
        <div className="rerun-links" data-testid="rerun-links">
          {r.reRunParentId ? (
            <span>
              This is a re-run ({r.reRunType?.toLowerCase().replace(/_/g, ' ') ?? 're-run'}) of <Link to={`/runs/${r.reRunParentId}`}>run #{r.reRunParentId}</Link>.
            </span>
          ) : null}
          {hasReruns ? (
            <span>
              Re-runs of this run:{' '}
              {children.map((c, i) => (
                <span key={c.id}>
                  {i > 0 ? ', ' : ''}
                  <Link to={`/runs/${c.id}`}>#{c.id}</Link> <ResultBadge result={c.result} status={c.status} />
                </span>
              ))}
            </span>
          ) : null}
        </div>
      ) : null}

      <ImportWarnings runId={r.id} />

      <section className="metrics">
        <MetricCards counts={m} duration={r.duration} title="This run" />
        {hasReruns ? <MetricCards counts={consolidated} duration={m.consolidatedDuration} title="After re-runs (consolidated)" testId="consolidated-metrics" /> : null}
      </section>

      {/* A big run asks for its groups once its first cases show: the server's time goes to those first. */}
      {m.failedCount + (m.totalCount - m.passedCount - m.failedCount - m.stoppedCount - m.notExecutedCount - m.queuedCount - m.runningCount) > 0 && (!windowed || firstRows || searchText) ? (
        <FailureGroups runId={r.id} version={failureVersion} quarantined={quarantined} />
      ) : null}

      <section className="tree-section">
        <div className="tree-toolbar">
          <h2>Results</h2>
          <CaseSearch value={searchText} />
          <span className="spacer" />
          {!searchText ? (
            <>
              <button type="button" className="button" data-testid="expand-all" onClick={() => setExpand((e) => ({ ...e, all: e.all + 1 }))}>
                Expand all
              </button>
              <button type="button" className="button" onClick={() => setExpand((e) => ({ ...e, none: e.none + 1 }))}>
                Collapse all
              </button>
            </>
          ) : null}
        </div>
        {treeError ? (
          <ErrorState error={treeError} />
        ) : !machines || !suites ? (
          <Loading what="Loading machines and suites" />
        ) : machines.length === 0 ? (
          <NoResultsYet runId={r.id} status={r.status} />
        ) : searchText ? (
          <SearchResults runId={runId} text={searchText} machines={machines} suites={suites} quarantined={quarantined} />
        ) : (
          <RunTree
            runId={runId}
            machines={machines}
            suites={suites}
            total={m.totalCount}
            windowed={windowed}
            onFirstRows={() => setFirstRows(true)}
            rowHeight={narrow ? 76 : 36}
            quarantined={quarantined}
            expandAll={expand.all}
            collapseAll={expand.none}
          />
        )}
      </section>
    </div>
  );
}

/** An empty run says how results get into it: a triggered run waits for its CI's upload. */
function NoResultsYet({ runId, status }: { runId: number; status: string }) {
  if (status === 'STATUS_CREATED') {
    return (
      <Empty>
        Waiting for CI. Its job sends the results with <code className="command">verdict upload --server {location.origin} --run-id {runId} 'reports/**/*.xml'</code>
      </Empty>
    );
  }
  return <Empty>{status === 'STATUS_IN_PROGRESS' ? 'No results yet: they appear here as they arrive.' : 'This run has no results.'}</Empty>;
}
