/**
 * The runs list, newest first: a query-language filter box (errors underlined where the API says),
 * quick filters for result and plan, and paging through the API's page/size (never fetching all runs).
 * Everything is in the URL: /runs?q=buildNo:*rc*&result=FAILURE&plan=3&page=2
 * The page listens to the workspace's run events: a new run appears, a running one's counts tick.
 */
import { useEffect } from 'react';
import { ApiError, type Page, type PlanSummary, type Result, type TestRun } from '../api';
import { CountsBar, ResultBadge } from '../components/Result';
import { Time } from '../components/Time';
import { useRunEvents } from '../live';
import { QueryInput, type QueryProblem } from '../components/QueryInput';
import { Empty, ErrorState, Loading } from '../components/States';
import { formatCount, formatDuration, plural } from '../format';
import { markOnce } from '../marks';
import { Link, navigate, updateSearch, useLocation } from '../router';
import { useApi } from '../use-api';

const QUICK_RESULTS: { value: Result | ''; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'FAILURE', label: 'Failed' },
  { value: 'SUCCESS', label: 'Passed' },
  { value: 'ABORTED', label: 'Aborted' },
  { value: 'STOPPED', label: 'Stopped' },
  { value: 'NOT_EXECUTED', label: 'Not executed' },
  { value: 'QUEUED', label: 'Queued' },
];
const SIZES = [25, 50, 100, 200];

/** The user's query first, so the API's error positions are positions in what the user typed. */
export function combinedQuery(userQuery: string, result: string, plan: string): string {
  return [userQuery, result ? `result:${result}` : '', plan ? `testPlanId:${plan}` : ''].filter(Boolean).join(',');
}

export function RunsPage() {
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const result = search.get('result') ?? '';
  const plan = search.get('plan') ?? '';
  const page = Math.max(0, Number(search.get('page') ?? 0) || 0);
  const size = SIZES.includes(Number(search.get('size'))) ? Number(search.get('size')) : 50;

  const plans = useApi<{ content: PlanSummary[] }>('/test_plans');
  const runs = useApi<Page<TestRun>>('/test_runs', { query: combinedQuery(q, result, plan), page, size });
  const planName = new Map(plans.data?.content.map((p) => [p.id, p.name]));
  const live = useRunEvents({ enabled: true, onChange: runs.reload });

  useEffect(() => {
    document.title = 'Runs · Verdict';
  }, []);
  const rows = runs.error ? undefined : runs.data;
  useEffect(() => {
    if (rows && rows.content.length > 0) markOnce('verdict:runs-rendered');
  }, [rows]);

  let problem: QueryProblem | undefined;
  if (runs.error instanceof ApiError && runs.error.status === 400) {
    const { error, position, length } = runs.error.body;
    problem = { message: error, ...(position !== undefined && position <= q.length ? { position, length } : {}) };
  }

  return (
    <div className="page runs-page">
      <div className="page-head">
        <h1>Test runs</h1>
        {rows ? (
          <span className="muted" data-testid="runs-total">
            {plural(rows.totalElements, 'run')}
          </span>
        ) : null}
        <span className="spacer" />
        {live === 'live' ? (
          <span className="live-badge live-live small" data-testid="runs-live" title="New runs and their results show as they arrive">
            <span className="live-dot" aria-hidden /> Live
          </span>
        ) : null}
      </div>

      <div className="filters">
        <QueryInput
          value={q}
          problem={problem}
          placeholder="Filter with the query language, e.g. result:FAILURE,buildNo:*rc*,startTime>2024-05-01"
          onSubmit={(value) => updateSearch({ q: value, page: null }, { push: true })}
        />
        <div className="quick-filters">
          <div className="chips" role="group" aria-label="Result">
            {QUICK_RESULTS.map((r) => (
              <button
                key={r.value}
                type="button"
                className={`chip ${result === r.value ? 'active' : ''} ${r.value ? `chip-${r.value.toLowerCase()}` : ''}`}
                aria-pressed={result === r.value}
                onClick={() => updateSearch({ result: r.value, page: null }, { push: true })}
              >
                {r.label}
              </button>
            ))}
          </div>
          <label className="select-label">
            Plan
            <select value={plan} onChange={(e) => updateSearch({ plan: e.target.value, page: null }, { push: true })} data-testid="plan-filter">
              <option value="">All plans</option>
              {plans.data?.content.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>

      {problem ? (
        <Empty>Fix the filter to see runs.</Empty>
      ) : runs.error ? (
        <ErrorState error={runs.error} />
      ) : !rows ? (
        <Loading what="Loading runs" />
      ) : rows.content.length === 0 ? (
        <Empty>
          {q || result || plan ? (
            <>No runs match this filter.</>
          ) : (
            <div className="empty-start" data-testid="empty-runs">
              <p>No runs yet. Send your test reports from CI (JUnit XML, CTRF, TRX, NUnit, xUnit.net):</p>
              <code className="command">verdict upload --server {location.origin} --key $VERDICT_API_KEY --plan NAME 'reports/**/*.xml'</code>
              <p className="muted small">
                The run appears here as it arrives. Or load the demo data: <code>verdict demo</code>.
              </p>
            </div>
          )}
        </Empty>
      ) : (
        <>
          <table className="table runs-table stack-narrow" data-testid="runs-table">
            <thead>
              <tr>
                <th className="num">Run</th>
                <th>Plan</th>
                <th>Build</th>
                <th>Result</th>
                <th>Tests</th>
                <th className="num">Duration</th>
                <th>Started</th>
              </tr>
            </thead>
            <tbody>
              {rows.content.map((run) => (
                <tr key={run.id} data-testid="run-row" data-run-id={run.id} className="clickable" onClick={(e) => (e.target as HTMLElement).closest('a') || navigate(`/runs/${run.id}`)}>
                  <td className="num" data-label="Run">
                    <Link to={`/runs/${run.id}`} className="strong">
                      #{run.id}
                    </Link>
                  </td>
                  <td data-label="Plan">
                    <Link to={`/plans/${run.testPlanId}`}>{run.testPlanName ?? planName.get(run.testPlanId) ?? `Plan ${run.testPlanId}`}</Link>
                    {run.reRunParentId ? <span className="tag">re-run of #{run.reRunParentId}</span> : null}
                  </td>
                  <td className="mono" data-label="Build">
                    {run.buildNo ?? <span className="muted">—</span>}
                  </td>
                  <td data-label="Result">
                    <ResultBadge result={run.result} status={run.status} />
                  </td>
                  <td data-label="Tests">
                    <span className="counts-cell">
                      <CountsBar counts={run.metrics} />
                      <span className="muted small">
                        {formatCount(run.metrics.passedCount)}/{formatCount(run.metrics.totalCount)}
                      </span>
                    </span>
                  </td>
                  <td className="num" data-label="Duration">
                    {formatDuration(run.duration)}
                  </td>
                  <td data-label="Started">
                    <Time iso={run.startTime} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={rows.number} totalPages={rows.totalPages} total={rows.totalElements} size={size} shown={rows.content.length} />
        </>
      )}
    </div>
  );
}

function Pager({ page, totalPages, total, size, shown }: { page: number; totalPages: number; total: number; size: number; shown: number }) {
  const go = (p: number) => updateSearch({ page: p || null }, { push: true });
  const from = page * size + 1;
  return (
    <div className="pager" data-testid="pager">
      <span className="muted">
        {formatCount(from)}–{formatCount(from + shown - 1)} of {formatCount(total)}
      </span>
      <span className="spacer" />
      <label className="select-label">
        Per page
        <select value={size} onChange={(e) => updateSearch({ size: e.target.value, page: null }, { push: true })}>
          {SIZES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </label>
      <button type="button" className="button" disabled={page === 0} onClick={() => go(0)} aria-label="First page">
        «
      </button>
      <button type="button" className="button" disabled={page === 0} onClick={() => go(page - 1)} data-testid="prev-page">
        ‹ Newer
      </button>
      <span className="page-no">
        Page {formatCount(page + 1)} of {formatCount(Math.max(totalPages, 1))}
      </span>
      <button type="button" className="button" disabled={page >= totalPages - 1} onClick={() => go(page + 1)} data-testid="next-page">
        Older ›
      </button>
      <button type="button" className="button" disabled={page >= totalPages - 1} onClick={() => go(totalPages - 1)} aria-label="Last page">
        »
      </button>
    </div>
  );
}
