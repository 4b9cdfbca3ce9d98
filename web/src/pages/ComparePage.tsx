/**
 * A run compared with a base run (GET /test_runs/{id}/compare?with=): new failures, fixed, still failing,
 * added, removed and much slower tests. The base is the plan's previous finished run (same branch when
 * known) unless one is picked from the plan's recent runs: /runs/{id}/compare?with={baseId}.
 */
import { useEffect, type ReactNode } from 'react';
import type { ComparedCase, Comparison, Page, TestRun } from '../api';
import { Breadcrumbs } from '../components/Layout';
import { ResultBadge } from '../components/Result';
import { Empty, ErrorState, Loading } from '../components/States';
import { formatDuration, plural } from '../format';
import { Link, updateSearch, useLocation } from '../router';
import { useApi } from '../use-api';

export function ComparePage({ runId }: { runId: number }) {
  const { search } = useLocation();
  const withId = Number(search.get('with')) || undefined;
  const run = useApi<TestRun>(`/test_runs/${runId}`);
  const comparison = useApi<Comparison>(`/test_runs/${runId}/compare`, { with: withId });
  const planId = run.data?.testPlanId;
  const candidates = useApi<Page<TestRun>>(planId ? '/test_runs' : null, { query: `testPlanId:${planId}`, size: 30, sort: 'id,desc' });

  useEffect(() => {
    document.title = `Run #${runId} compared · Verdict`;
  }, [runId]);

  if (comparison.error) return <ErrorState error={comparison.error} />;
  const c = comparison.data;
  const planName = run.data?.testPlanName ?? (run.data ? `Plan ${run.data.testPlanId}` : '…');
  const base = c?.baseRunId ?? null;

  return (
    <div className="page compare-page" data-testid="compare-page">
      <Breadcrumbs items={[{ label: 'Runs', to: '/runs' }, { label: planName, to: planId ? `/plans/${planId}` : undefined }, { label: `Run #${runId}`, to: `/runs/${runId}` }, { label: 'Compare' }]} />
      <div className="page-head">
        <h1>
          Run #{runId} {run.data ? <ResultBadge result={run.data.result} status={run.data.status} /> : null}
          <span className="muted">compared with</span> {base ? <Link to={`/runs/${base}`}>run #{base}</Link> : <span className="muted">no earlier run</span>}
        </h1>
        <span className="spacer" />
        <label className="select-label">
          Base
          <select value={withId ?? ''} onChange={(e) => updateSearch({ with: e.target.value || null })} data-testid="compare-base">
            <option value="">Previous run{base && !withId ? ` (#${base})` : ''}</option>
            {candidates.data?.content
              .filter((r) => r.id !== runId)
              .map((r) => (
                <option key={r.id} value={r.id}>
                  #{r.id}
                  {r.buildNo ? ` · ${r.buildNo}` : ''}
                  {r.environment?.branch ? ` · ${r.environment.branch}` : ''}
                </option>
              ))}
          </select>
        </label>
      </div>
      {!c ? (
        <Loading what="Comparing" />
      ) : base === null ? (
        <Empty>This run has no earlier finished run of its plan to compare with.</Empty>
      ) : (
        <>
          <p className="compare-summary" data-testid="compare-summary">
            {plural(c.newFailures.length, 'new failure')}, {plural(c.fixed.length, 'fixed test')}, {plural(c.stillFailing.length, 'test')} still failing
            {c.added.length ? `, ${plural(c.added.length, 'test')} added` : ''}
            {c.removed.length ? `, ${plural(c.removed.length, 'test')} removed` : ''}
            {c.slower.length ? `, ${plural(c.slower.length, 'test')} much slower` : ''}.
          </p>
          <Section title="New failures" tone="failed" testId="compare-new" rows={c.newFailures} runId={runId} empty="No test fails now that did not fail in the base run." />
          <Section title="Fixed" tone="passed" testId="compare-fixed" rows={c.fixed} runId={runId} empty="No test that failed in the base run passes now." />
          <Section title="Still failing" tone="failed" testId="compare-still" rows={c.stillFailing} runId={runId} empty="No test failed in both runs." />
          <Section title="Added" testId="compare-added" rows={c.added} runId={runId} empty="No test is new in this run." />
          <Section title="Removed" testId="compare-removed" rows={c.removed} runId={base} empty="Every test of the base run ran again." />
          <Section
            title="Much slower"
            testId="compare-slower"
            rows={c.slower.map((s) => s.current)}
            runId={runId}
            empty="No test got much slower (at least twice as slow and 1 s more)."
            extra={(row) => {
              const s = c.slower.find((x) => x.current.id === row.id)!;
              return (
                <span className="muted small">
                  {formatDuration(s.baseDuration)} → {formatDuration(row.duration)} ({s.factor.toFixed(1)}×)
                </span>
              );
            }}
          />
        </>
      )}
    </div>
  );
}

interface SectionProps {
  title: string;
  rows: ComparedCase[];
  /** The run the rows' case result ids belong to (the base run, for removed tests). */
  runId: number;
  empty: string;
  testId: string;
  tone?: 'failed' | 'passed';
  extra?: (row: ComparedCase) => ReactNode;
}

function Section({ title, rows, runId, empty, testId, tone, extra }: SectionProps) {
  return (
    <section className={`panel compare-section ${tone ? `tone-border-${tone}` : ''}`} data-testid={testId} data-count={rows.length}>
      <div className="panel-head">
        <h2>{title}</h2>
        <span className="muted small">{rows.length}</span>
      </div>
      {rows.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <ul className="compare-list">
          {rows.map((row) => (
            <li key={row.id} data-testid="compare-row">
              <ResultBadge result={row.result} />
              <Link to={`/runs/${runId}/cases/${row.id}`} className="compare-name">
                {row.name}
              </Link>
              <span className="muted small">
                {row.suiteName} · {row.machineTitle}
              </span>
              {extra ? extra(row) : row.duration !== null ? <span className="muted small">{formatDuration(row.duration)}</span> : null}
              {row.message && row.result !== 'SUCCESS' ? <div className="case-message muted small">{row.message}</div> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
