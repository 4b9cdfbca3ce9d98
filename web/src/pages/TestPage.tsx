/** A test's history: its recent results (optionally within one plan) as a strip and a table. */
import { useEffect } from 'react';
import type { History, PlanSummary } from '../api';
import { HistoryStrip } from '../components/HistoryStrip';
import { Breadcrumbs } from '../components/Layout';
import { ResultBadge } from '../components/Result';
import { Empty, ErrorState, Loading } from '../components/States';
import { Time } from '../components/Time';
import { formatDuration, formatPercent, plural } from '../format';
import { Link, useLocation } from '../router';
import { useApi } from '../use-api';

export function TestPage({ testCaseId }: { testCaseId: number }) {
  const { search } = useLocation();
  const planId = search.get('plan') ? Number(search.get('plan')) : undefined;
  const history = useApi<History>(`/test_cases/${testCaseId}/history`, { planId, limit: 100 });
  const plan = useApi<PlanSummary>(planId ? `/test_plans/${planId}` : null);

  useEffect(() => {
    if (history.data) document.title = `${history.data.name} · history · Verdict`;
  }, [history.data]);

  if (history.error) return <ErrorState error={history.error} />;
  if (!history.data) return <Loading what="Loading the test's history" />;
  const h = history.data;
  const judged = h.content.filter((e) => e.result === 'SUCCESS' || e.result === 'FAILURE' || e.result === 'ABORTED');
  const passRate = judged.length ? judged.filter((e) => e.result === 'SUCCESS').length / judged.length : null;

  return (
    <div className="page test-page" data-testid="test-history-page">
      <Breadcrumbs items={[{ label: 'Plans', to: '/plans' }, ...(plan.data ? [{ label: plan.data.name, to: `/plans/${plan.data.id}` }] : []), { label: h.name }]} />
      <div className="page-head">
        <h1>{h.name}</h1>
        <span className="muted">
          {plural(h.content.length, 'recent result')} · pass rate {formatPercent(passRate)}
        </span>
      </div>
      <section className="panel">
        {h.content.length === 0 ? (
          <Empty>No results for this test{plan.data ? ` in ${plan.data.name}` : ''}.</Empty>
        ) : (
          <>
            <HistoryStrip entries={h.content} size="large" />
            <div className="table-scroll">
            <table className="table" data-testid="history-table">
              <thead>
                <tr>
                  <th className="num">Run</th>
                  <th>Build</th>
                  <th>Machine</th>
                  <th>Result</th>
                  <th>Message</th>
                  <th className="num">Duration</th>
                  <th>Started</th>
                </tr>
              </thead>
              <tbody>
                {h.content.map((e) => (
                  <tr key={e.caseResultId}>
                    <td className="num">
                      <Link to={`/runs/${e.runId}`}>#{e.runId}</Link>
                    </td>
                    <td className="mono">{e.buildNo ?? '—'}</td>
                    <td>{e.machineTitle}</td>
                    <td>
                      <Link to={`/runs/${e.runId}/cases/${e.caseResultId}`}>
                        <ResultBadge result={e.result} status={e.status} />
                      </Link>
                    </td>
                    <td className="ellipsis-cell muted small" title={e.message ?? ''}>
                      {e.result !== 'SUCCESS' ? (e.message ?? '') : ''}
                    </td>
                    <td className="num">{formatDuration(e.duration)}</td>
                    <td>
                      <Time iso={e.startTime ?? e.runStartTime} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
