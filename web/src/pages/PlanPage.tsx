/**
 * A plan: pass rate and duration over its last N runs (hand-written SVG), the tests that fail most and
 * the flaky ones by both definitions (plan/FlakyPanels.tsx), each linking to the test's history.
 */
import { useEffect } from 'react';
import type { FailingTest, PlanSummary, RunSummary } from '../api';
import { DurationChart, PassRateChart } from '../components/Charts';
import { Breadcrumbs } from '../components/Layout';
import { CountsBar, ResultBadge } from '../components/Result';
import { Empty, ErrorState, Loading } from '../components/States';
import { Time } from '../components/Time';
import { formatDuration, formatPercent, plural } from '../format';
import { Link, updateSearch, useLocation } from '../router';
import { useApi } from '../use-api';
import { useQuarantines } from '../quarantines';
import { FlakyPanels } from './plan/FlakyPanels';

const WINDOWS = [10, 30, 100];

export function PlanPage({ planId }: { planId: number }) {
  const { search } = useLocation();
  const n = WINDOWS.includes(Number(search.get('runs'))) ? Number(search.get('runs')) : 30;
  const plan = useApi<PlanSummary>(`/test_plans/${planId}`);
  const trend = useApi<{ runs: RunSummary[] }>(`/test_plans/${planId}/trend`, { limit: n });
  const failing = useApi<{ content: FailingTest[] }>(`/test_plans/${planId}/failing_tests`, { runs: n, limit: 10 });
  const quarantined = useQuarantines();

  useEffect(() => {
    if (plan.data) document.title = `${plan.data.name} · Verdict`;
  }, [plan.data]);

  if (plan.error) return <ErrorState error={plan.error} />;
  if (!plan.data) return <Loading what="Loading the plan" />;
  const p = plan.data;
  const runs = trend.data?.runs ?? [];
  const rates = runs.map((r) => r.passRate).filter((r): r is number => r !== null);
  const average = rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : null;
  const durations = runs.map((r) => r.duration).filter((d): d is number => d !== null);
  const medianDuration = durations.length ? [...durations].sort((a, b) => a - b)[Math.floor(durations.length / 2)]! : null;

  return (
    <div className="page plan-page">
      <Breadcrumbs items={[{ label: 'Plans', to: '/plans' }, { label: p.name }]} />
      <div className="page-head">
        <h1 data-testid="plan-name">{p.name}</h1>
        <span className="muted">{plural(p.runCount, 'run')}</span>
        <span className="spacer" />
        <Link to={`/runs?plan=${p.id}`} className="button">
          All runs of this plan
        </Link>
      </div>

      {p.latestRun ? (
        <div className="latest-run">
          <span className="muted">Latest run</span>
          <Link to={`/runs/${p.latestRun.id}`} className="strong">
            #{p.latestRun.id}
          </Link>
          <ResultBadge result={p.latestRun.result} status={p.latestRun.status} />
          <CountsBar counts={p.latestRun} width={160} />
          <span className="muted">
            <Time iso={p.latestRun.startTime} relative="inline" /> · {formatDuration(p.latestRun.duration)}
          </span>
        </div>
      ) : (
        <Empty>This plan has no runs yet.</Empty>
      )}

      <div className="window-picker">
        <span className="muted">Last</span>
        {WINDOWS.map((w) => (
          <button key={w} type="button" className={`chip ${w === n ? 'active' : ''}`} aria-pressed={w === n} onClick={() => updateSearch({ runs: w === 30 ? null : w })}>
            {w} runs
          </button>
        ))}
        <span className="muted small">(re-runs are folded into the run they re-ran)</span>
      </div>

      {trend.error ? (
        <ErrorState error={trend.error} />
      ) : !trend.data ? (
        <Loading what="Loading the trend" />
      ) : runs.length === 0 ? (
        <Empty>No runs to chart yet.</Empty>
      ) : (
        <div className="charts">
          <section className="panel chart-panel">
            <div className="panel-head">
              <h2>Pass rate</h2>
              <span className="muted small">average {formatPercent(average, 1)} over {plural(runs.length, 'run')}</span>
            </div>
            <PassRateChart runs={runs} />
          </section>
          <section className="panel chart-panel">
            <div className="panel-head">
              <h2>Duration</h2>
              <span className="muted small">median {formatDuration(medianDuration)}</span>
            </div>
            <DurationChart runs={runs} />
          </section>
        </div>
      )}

      <div className="two-columns">
        <section className="panel" data-testid="failing-tests">
          <div className="panel-head">
            <h2>Failing most</h2>
            <span className="muted small">failed results in the last {n} runs</span>
          </div>
          {failing.error ? (
            <ErrorState error={failing.error} />
          ) : !failing.data ? (
            <Loading />
          ) : failing.data.content.length === 0 ? (
            <Empty>No test failed in these runs.</Empty>
          ) : (
            <div className="table-scroll">
            <table className="table compact">
              <thead>
                <tr>
                  <th>Test</th>
                  <th className="num">Failed</th>
                  <th>Rate</th>
                  <th>Last failure</th>
                </tr>
              </thead>
              <tbody>
                {failing.data.content.map((t) => (
                  <tr key={t.testCaseId}>
                    <td>
                      <Link to={`/tests/${t.testCaseId}?plan=${planId}`}>{t.name}</Link>
                      {t.suiteName ? <div className="muted small">{t.suiteName}</div> : null}
                    </td>
                    <td className="num">
                      {t.failures}/{t.results}
                    </td>
                    <td>
                      <span className="rate-bar" title={formatPercent(t.failureRate, 1)}>
                        <span className="tone-failed" style={{ width: `${(t.failureRate ?? 0) * 100}%` }} />
                      </span>
                    </td>
                    <td>{t.lastFailedRunId && t.lastFailedCaseResultId ? <Link to={`/runs/${t.lastFailedRunId}/cases/${t.lastFailedCaseResultId}`}>run #{t.lastFailedRunId}</Link> : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
        </section>

        <FlakyPanels planId={planId} runs={n} quarantined={quarantined} />
      </div>
    </div>
  );
}
