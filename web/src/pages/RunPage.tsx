/**
 * A run: its metrics (and consolidated counts after re-runs), links to its re-runs and parent, then
 * machines -> suites -> cases as an expandable tree, failures first. Machines and suites come with the
 * page (R4, R6); a suite's cases are fetched when it is opened (R8, 2000 a page), and the tree is a
 * windowed list, so a run of 10,000 cases opens at once. The search box asks the API for matching case
 * names across the whole run.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { apiGetAll, queryValue, type CaseResult, type Counts, type MachineResult, type Page, type Result, type SuiteResult, type TestRun } from '../api';
import { Breadcrumbs } from '../components/Layout';
import { CountsBar, CountsText, ResultBadge, ResultDot } from '../components/Result';
import { ImportWarnings } from '../components/ImportWarnings';
import { Empty, ErrorState, Loading } from '../components/States';
import { VirtualList } from '../components/VirtualList';
import { formatCount, formatDuration, formatTime, RESULT_SEVERITY, resultTone } from '../format';
import { markOnce } from '../marks';
import { Link, navigate, updateSearch, useLocation } from '../router';
import { useApi } from '../use-api';

const ROW = 36;
/** Runs this small open fully; bigger ones open their failing suites only. */
const OPEN_ALL_UP_TO = 200;
const PARALLEL_SUITE_LOADS = 4;

type CaseLoad = { state: 'loading' | 'done'; rows: CaseResult[] } | { state: 'error'; error: Error; rows: CaseResult[] };

type Row =
  | { kind: 'machine'; key: string; machine: MachineResult; open: boolean }
  | { kind: 'suite'; key: string; suite: SuiteResult; open: boolean }
  | { kind: 'case'; key: string; c: CaseResult; depth: number }
  | { kind: 'status'; key: string; text: string; error?: boolean };

const bySeverity = <T extends { result: Result }>(rows: readonly T[]) =>
  rows.map((r, i) => [r, i] as const).sort((a, b) => RESULT_SEVERITY[a[0].result] - RESULT_SEVERITY[b[0].result] || a[1] - b[1]).map(([r]) => r);

function useTreeParts(runId: number) {
  const [machines, setMachines] = useState<MachineResult[]>();
  const [suites, setSuites] = useState<SuiteResult[]>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    const controller = new AbortController();
    Promise.all([
      apiGetAll<MachineResult>(`/test_runs/${runId}/test_machine_results`, {}, controller.signal),
      apiGetAll<SuiteResult>(`/test_runs/${runId}/test_suite_results`, {}, controller.signal),
    ]).then(
      ([m, s]) => {
        setMachines(m);
        setSuites(s);
      },
      (e: Error) => controller.signal.aborted || setError(e),
    );
    return () => controller.abort();
  }, [runId]);
  return { machines, suites, error };
}

export function RunPage({ runId }: { runId: number }) {
  const { search } = useLocation();
  const run = useApi<TestRun>(`/test_runs/${runId}`);
  const reruns = useApi<Page<TestRun>>('/test_runs', { query: `reRunParentId:${runId}`, size: 20, sort: 'id,asc' });
  const { machines, suites, error: treeError } = useTreeParts(runId);

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

  return (
    <div className="page run-page">
      <Breadcrumbs items={[{ label: 'Runs', to: '/runs' }, { label: r.testPlanName ?? `Plan ${r.testPlanId}`, to: `/plans/${r.testPlanId}` }, { label: `Run #${r.id}` }]} />
      <div className="page-head">
        <h1>
          Run #{r.id} <ResultBadge result={r.result} status={r.status} />
        </h1>
      </div>
      <dl className="facts">
        <Fact label="Plan">
          <Link to={`/plans/${r.testPlanId}`}>{r.testPlanName ?? `Plan ${r.testPlanId}`}</Link>
        </Fact>
        <Fact label="Build">{r.buildNo ?? '—'}</Fact>
        <Fact label="Started">{formatTime(r.startTime)}</Fact>
        <Fact label="Duration">{formatDuration(r.duration)}</Fact>
        <Fact label="Triggered">{r.triggeredType.toLowerCase()}</Fact>
        <Fact label="Executor">{r.executor ?? '—'}</Fact>
        {r.message ? <Fact label="Message">{r.message}</Fact> : null}
        {r.environment
          ? Object.entries(r.environment).map(([k, v]) => (
              <Fact key={k} label={k}>
                <span className="mono">{String(v)}</span>
              </Fact>
            ))
          : null}
      </dl>

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

      <section className="tree-section">
        {treeError ? (
          <ErrorState error={treeError} />
        ) : !machines || !suites ? (
          <Loading what="Loading machines and suites" />
        ) : machines.length === 0 ? (
          <Empty>This run has no results yet.</Empty>
        ) : (
          <RunTree runId={runId} machines={machines} suites={suites} total={m.totalCount} searchText={search.get('search') ?? ''} />
        )}
      </section>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function MetricCards({ counts, duration, title, testId }: { counts: Counts; duration: number | null; title: string; testId?: string }) {
  const aborted = Math.max(0, counts.totalCount - counts.passedCount - counts.failedCount - counts.stoppedCount - counts.notExecutedCount - counts.queuedCount - counts.runningCount);
  const cards: [string, number, string][] = [
    ['Total', counts.totalCount, 'total'],
    ['Passed', counts.passedCount, 'passed'],
    ['Failed', counts.failedCount, 'failed'],
    ['Aborted', aborted, 'stopped'],
    ['Stopped', counts.stoppedCount, 'stopped'],
    ['Not executed', counts.notExecutedCount, 'skipped'],
    ['Queued / running', counts.queuedCount + counts.runningCount, 'queued'],
  ];
  return (
    <div className="metric-group" data-testid={testId ?? 'metrics'}>
      <div className="metric-title">
        {title}
        <CountsBar counts={counts} width={220} />
        <span className="muted">{formatDuration(duration)}</span>
      </div>
      <div className="metric-cards">
        {cards
          .filter(([label, value]) => value > 0 || ['Total', 'Passed', 'Failed'].includes(label))
          .map(([label, value, tone]) => (
            <div key={label} className={`metric tone-border-${tone}`} data-metric={label}>
              <div className="metric-value">{formatCount(value)}</div>
              <div className="metric-label">{label}</div>
            </div>
          ))}
      </div>
    </div>
  );
}

function RunTree({ runId, machines, suites, total, searchText }: { runId: number; machines: MachineResult[]; suites: SuiteResult[]; total: number; searchText: string }) {
  const sortedMachines = useMemo(() => bySeverity(machines), [machines]);
  const suitesOf = useMemo(() => {
    const map = new Map<number, SuiteResult[]>();
    for (const s of suites) map.set(s.testMachineRunId, [...(map.get(s.testMachineRunId) ?? []), s]);
    for (const [k, v] of map) map.set(k, bySeverity(v));
    return map;
  }, [suites]);
  const [open, setOpen] = useState<Set<string>>(() => {
    const keys = new Set(machines.map((m) => `m${m.id}`));
    for (const s of suites) if (total <= OPEN_ALL_UP_TO || s.result === 'FAILURE' || s.result === 'ABORTED') keys.add(`s${s.id}`);
    return keys;
  });
  const [cases, setCases] = useState<Map<number, CaseLoad>>(new Map());
  const inflight = useRef(new Set<number>());
  const controller = useRef(new AbortController());
  useEffect(() => {
    const current = new AbortController();
    controller.current = current;
    return () => current.abort();
  }, []);

  // Open suites fetch their cases, a few at a time, in the order they are shown.
  useEffect(() => {
    const wanted = sortedMachines.flatMap((m) => (open.has(`m${m.id}`) ? (suitesOf.get(m.id) ?? []) : [])).filter((s) => open.has(`s${s.id}`) && !cases.has(s.id) && !inflight.current.has(s.id));
    // The first suite loads alone, so the first case rows show as early as possible.
    const parallel = [...cases.values()].some((load) => load.state !== 'loading') ? PARALLEL_SUITE_LOADS : 1;
    for (const s of wanted.slice(0, Math.max(0, parallel - inflight.current.size))) {
      inflight.current.add(s.id);
      const signal = controller.current.signal;
      setCases((prev) => new Map(prev).set(s.id, { state: 'loading', rows: [] }));
      apiGetAll<CaseResult>(`/test_runs/${runId}/test_case_results`, { query: `testSuiteResultId:${s.id},parentId:null` }, signal, (rows) =>
        setCases((prev) => new Map(prev).set(s.id, { state: 'loading', rows: bySeverity(rows) })),
      ).then(
        (rows) => {
          inflight.current.delete(s.id);
          setCases((prev) => new Map(prev).set(s.id, { state: 'done', rows: bySeverity(rows) }));
        },
        (error: Error) => {
          inflight.current.delete(s.id);
          // Cancelled (the page went away, or React's dev double-mount): forget it, so a live tree asks again.
          setCases((prev) => {
            const next = new Map(prev);
            if (signal.aborted) next.delete(s.id);
            else next.set(s.id, { state: 'error', error, rows: [] });
            return next;
          });
        },
      );
    }
  }, [open, cases, sortedMachines, suitesOf, runId]);

  const rows = useMemo(() => {
    const out: Row[] = [];
    for (const m of sortedMachines) {
      const mOpen = open.has(`m${m.id}`);
      out.push({ kind: 'machine', key: `m${m.id}`, machine: m, open: mOpen });
      if (!mOpen) continue;
      for (const s of suitesOf.get(m.id) ?? []) {
        const sOpen = open.has(`s${s.id}`);
        out.push({ kind: 'suite', key: `s${s.id}`, suite: s, open: sOpen });
        if (!sOpen) continue;
        const load = cases.get(s.id);
        for (const c of load?.rows ?? []) out.push({ kind: 'case', key: `c${c.id}`, c, depth: 2 });
        if (!load || load.state === 'loading') out.push({ kind: 'status', key: `l${s.id}`, text: `Loading cases${load?.rows.length ? ` (${formatCount(load.rows.length)} so far)` : ''}…` });
        else if (load.state === 'error') out.push({ kind: 'status', key: `e${s.id}`, text: `Could not load the cases: ${load.error.message}`, error: true });
      }
    }
    return out;
  }, [sortedMachines, suitesOf, open, cases]);

  const caseRowCount = rows.reduce((n, r) => n + (r.kind === 'case' ? 1 : 0), 0);
  useEffect(() => markOnce('verdict:run-tree-rendered'), []);
  useEffect(() => {
    if (caseRowCount > 0) markOnce('verdict:run-cases-rendered');
  }, [caseRowCount]);

  const toggle = (key: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const maxHeight = Math.max(360, Math.round(window.innerHeight * 0.72));

  return (
    <>
      <div className="tree-toolbar">
        <h2>Results</h2>
        <CaseSearch value={searchText} />
        <span className="spacer" />
        <button type="button" className="button" data-testid="expand-all" onClick={() => setOpen(new Set([...machines.map((m) => `m${m.id}`), ...suites.map((s) => `s${s.id}`)]))}>
          Expand all
        </button>
        <button type="button" className="button" onClick={() => setOpen(new Set())}>
          Collapse all
        </button>
      </div>
      {searchText ? (
        <SearchResults runId={runId} text={searchText} machines={machines} suites={suites} maxHeight={maxHeight} />
      ) : (
        <div className="tree" role="tree" aria-label="Machines, suites and cases">
          <TreeHeader />
          <VirtualList
            items={rows}
            rowHeight={ROW}
            maxHeight={maxHeight}
            rowKey={(row) => row.key}
            testId="run-tree"
            renderRow={(row) => <TreeRow row={row} runId={runId} onToggle={toggle} />}
          />
          <div className="tree-foot muted small" data-testid="tree-foot">
            {formatCount(caseRowCount)} of {formatCount(total)} cases shown · {formatCount(machines.length)} machines · {formatCount(suites.length)} suites
          </div>
        </div>
      )}
    </>
  );
}

function TreeHeader() {
  return (
    <div className="tree-row tree-head">
      <span>Name</span>
      <span>Tests</span>
      <span className="num">Duration</span>
      <span>Result</span>
    </div>
  );
}

function TreeRow({ row, runId, onToggle }: { row: Row; runId: number; onToggle: (key: string) => void }) {
  if (row.kind === 'status') return <div className={`tree-row tree-status depth-2 ${row.error ? 'error' : 'muted'}`}>{row.text}</div>;
  if (row.kind === 'case') {
    const c = row.c;
    return (
      <div
        className={`tree-row tree-case depth-2 tone-row-${resultTone(c.result, c.status)}`}
        role="treeitem"
        data-testid="case-row"
        data-case-id={c.id}
        onClick={(e) => (e.target as HTMLElement).closest('a') || navigate(`/runs/${runId}/cases/${c.id}`)}
      >
        <span className="name">
          <ResultDot result={c.result} status={c.status} />
          <Link to={`/runs/${runId}/cases/${c.id}`} title={c.name}>
            {c.name}
          </Link>
          {c.isDataDriven ? <span className="tag">data-driven</span> : null}
          {c.flaky ? <span className="tag tag-warn">flaky</span> : null}
          {c.message && c.result !== 'SUCCESS' ? <span className="case-message muted" title={c.message}>{c.message}</span> : null}
        </span>
        <span />
        <span className="num">{formatDuration(c.duration)}</span>
        <span>
          <ResultBadge result={c.result} status={c.status} />
        </span>
      </div>
    );
  }
  const node = row.kind === 'machine' ? row.machine : row.suite;
  const name =
    row.kind === 'machine'
      ? (row.machine.deviceConfiguration.title ?? `Machine ${row.machine.id}`)
      : row.suite.name;
  return (
    <div className={`tree-row tree-${row.kind} depth-${row.kind === 'machine' ? 0 : 1}`} role="treeitem" aria-expanded={row.open} data-testid={`${row.kind}-row`}>
      <span className="name">
        <button type="button" className="chevron" onClick={() => onToggle(row.key)} aria-label={row.open ? 'Collapse' : 'Expand'}>
          {row.open ? '▾' : '▸'}
        </button>
        <ResultDot result={node.result} />
        <button type="button" className="node-name" onClick={() => onToggle(row.key)} title={name}>
          {name}
        </button>
        {row.kind === 'machine' && row.machine.deviceConfiguration.browser ? (
          <span className="muted small">
            {row.machine.deviceConfiguration.browser} {row.machine.deviceConfiguration.browserVersion ?? ''}
          </span>
        ) : null}
        {row.kind === 'suite' && row.suite.message ? (
          <span className="case-message muted" title={row.suite.message} data-testid="suite-message">
            {row.suite.message}
          </span>
        ) : null}
      </span>
      <span className="counts-cell">
        <CountsBar counts={node.metrics} width={90} />
        <CountsText counts={node.metrics} />
      </span>
      <span className="num">{formatDuration(node.duration)}</span>
      <span>
        <ResultBadge result={node.result} />
      </span>
    </div>
  );
}

function CaseSearch({ value }: { value: string }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => updateSearch({ search: draft.trim() }), 250);
    return () => clearTimeout(timer);
  }, [draft, value]);
  return (
    <input
      className="search-input"
      type="search"
      placeholder="Search case names in this run"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      data-testid="case-search"
      aria-label="Search case names"
    />
  );
}

function SearchResults({ runId, text, machines, suites, maxHeight }: { runId: number; text: string; machines: MachineResult[]; suites: SuiteResult[]; maxHeight: number }) {
  const found = useApi<Page<CaseResult>>(`/test_runs/${runId}/test_case_results`, { query: `testCaseName$${queryValue(text)}`, size: 2000 });
  const machineName = new Map(machines.map((m) => [m.id, m.deviceConfiguration.title ?? `Machine ${m.id}`]));
  const suiteName = new Map(suites.map((s) => [s.id, s.name]));
  const rows = useMemo(() => bySeverity(found.data?.content ?? []), [found.data]);
  if (found.error) return <ErrorState error={found.error} />;
  if (!found.data || found.loading) return <Loading what="Searching" />;
  if (rows.length === 0) return <Empty>No case in this run has “{text}” in its name.</Empty>;
  return (
    <div className="tree" data-testid="search-results">
      <div className="muted small search-count">
        {formatCount(found.data.totalElements)} cases match “{text}”{found.data.totalElements > rows.length ? ` (first ${formatCount(rows.length)} shown)` : ''}
      </div>
      <VirtualList
        items={rows}
        rowHeight={ROW}
        maxHeight={maxHeight}
        rowKey={(c) => c.id}
        renderRow={(c) => (
          <div className={`tree-row tree-case depth-0 tone-row-${resultTone(c.result, c.status)}`} data-testid="case-row" onClick={(e) => (e.target as HTMLElement).closest('a') || navigate(`/runs/${runId}/cases/${c.id}`)}>
            <span className="name">
              <ResultDot result={c.result} status={c.status} />
              <Link to={`/runs/${runId}/cases/${c.id}`}>{c.name}</Link>
              {c.parentId ? <span className="tag">iteration</span> : null}
            </span>
            <span className="muted small ellipsis">
              {machineName.get(c.testMachineResultId)} › {suiteName.get(c.testSuiteResultId)}
            </span>
            <span className="num">{formatDuration(c.duration)}</span>
            <span>
              <ResultBadge result={c.result} status={c.status} />
            </span>
          </div>
        )}
      />
    </div>
  );
}
