import { useEffect } from 'react';
import type { PlanSummary } from '../api';
import { CountsBar, ResultBadge } from '../components/Result';
import { Empty, ErrorState, Loading } from '../components/States';
import { Time } from '../components/Time';
import { formatDuration, formatPercent } from '../format';
import { Link, navigate } from '../router';
import { useApi } from '../use-api';

export function PlansPage() {
  const plans = useApi<{ content: PlanSummary[] }>('/test_plans');
  useEffect(() => {
    document.title = 'Plans · Verdict';
  }, []);
  return (
    <div className="page plans-page">
      <div className="page-head">
        <h1>Test plans</h1>
      </div>
      {plans.error ? (
        <ErrorState error={plans.error} />
      ) : !plans.data ? (
        <Loading what="Loading plans" />
      ) : plans.data.content.length === 0 ? (
        <Empty>
          No plans yet: a plan appears with its first run, e.g. <code className="command">verdict upload --server {location.origin} --key $VERDICT_API_KEY --plan NAME 'reports/**/*.xml'</code>
        </Empty>
      ) : (
        <table className="table stack-narrow" data-testid="plans-table">
          <thead>
            <tr>
              <th>Plan</th>
              <th className="num">Runs</th>
              <th>Latest run</th>
              <th>Tests</th>
              <th className="num">Pass rate</th>
              <th className="num">Duration</th>
              <th>Started</th>
            </tr>
          </thead>
          <tbody>
            {plans.data.content.map((p) => (
              <tr key={p.id} className="clickable" onClick={(e) => (e.target as HTMLElement).closest('a') || navigate(`/plans/${p.id}`)}>
                <td data-label="Plan">
                  <Link to={`/plans/${p.id}`} className="strong">
                    {p.name}
                  </Link>
                </td>
                <td className="num" data-label="Runs">
                  {p.runCount}
                </td>
                {p.latestRun ? (
                  <>
                    <td data-label="Latest run">
                      <Link to={`/runs/${p.latestRun.id}`}>#{p.latestRun.id}</Link> <ResultBadge result={p.latestRun.result} status={p.latestRun.status} />
                    </td>
                    <td data-label="Tests">
                      <CountsBar counts={p.latestRun} />
                    </td>
                    <td className="num" data-label="Pass rate">
                      {formatPercent(p.latestRun.passRate)}
                    </td>
                    <td className="num" data-label="Duration">
                      {formatDuration(p.latestRun.duration)}
                    </td>
                    <td data-label="Started">
                      <Time iso={p.latestRun.startTime} />
                    </td>
                  </>
                ) : (
                  <td colSpan={5} className="muted">
                    no runs
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
