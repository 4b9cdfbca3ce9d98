/**
 * A test case result: its facts, message and steps (the failing step highlighted and scrolled to), what the
 * report said (stack trace, output), attachments, the test's history in the plan as a clickable strip, and
 * its quarantine. A data-driven case opens on its failing iteration. The name, the link and, where the
 * runner is known, the command that re-runs the test can be copied.
 */
import { useEffect } from 'react';
import type { Attachment, CaseDetails, CaseResult, History, MachineResult, Page, SuiteResult, TestRun } from '../api';
import { Attachments } from '../components/Attachments';
import { CopyButton } from '../components/Copy';
import { Labels } from '../components/Labels';
import { HistoryStrip } from '../components/HistoryStrip';
import { Breadcrumbs } from '../components/Layout';
import { ResultBadge, ResultDot } from '../components/Result';
import { Empty, ErrorState, Loading } from '../components/States';
import { Time } from '../components/Time';
import { formatDuration, plural, resultTone } from '../format';
import { pageUrl } from '../links';
import { useQuarantines } from '../quarantines';
import { rerunCommand } from '../rerun';
import { Link, updateSearch, useLocation } from '../router';
import { useApi } from '../use-api';
import { QuarantineControl } from './case/QuarantineControl';
import { ReportDetails } from './case/ReportDetails';
import { StepsTable, useSteps } from './case/StepsTable';

const failed = (c: CaseResult) => c.result === 'FAILURE' || c.result === 'ABORTED';

export function CasePage({ runId, caseId }: { runId: number; caseId: number }) {
  const { search } = useLocation();
  const kase = useApi<CaseResult>(`/test_runs/${runId}/test_case_results/${caseId}`);
  const run = useApi<TestRun>(`/test_runs/${runId}`);
  const c = kase.data;
  const machine = useApi<MachineResult>(c ? `/test_runs/${runId}/test_machine_results/${c.testMachineResultId}` : null);
  const suite = useApi<SuiteResult>(c ? `/test_runs/${runId}/test_suite_results/${c.testSuiteResultId}` : null);
  const history = useApi<History>(c && run.data ? `/test_cases/${c.testCaseId}/history` : null, { planId: run.data?.testPlanId, limit: 30 });
  const iterations = useApi<Page<CaseResult>>(c?.isDataDriven ? `/test_runs/${runId}/test_case_results` : null, { query: `parentId:${caseId}`, size: 200 });
  const quarantines = useQuarantines();

  // A data-driven test shows one iteration's steps: the one asked for, else the first that failed.
  const its = iterations.data?.content ?? [];
  const asked = Number(search.get('iteration'));
  const iteration = c?.isDataDriven ? (its.find((it) => it.id === asked) ?? its.find(failed) ?? its[0]) : undefined;
  const focus = c?.isDataDriven ? iteration : c;
  const { steps, error: stepsError } = useSteps(runId, focus?.id);
  const details = useApi<CaseDetails>(focus ? `/test_runs/${runId}/test_case_results/${focus.id}/details` : null);
  const attachments = useApi<{ content: Attachment[] }>(`/test_runs/${runId}/test_case_results/${caseId}/attachments`);

  useEffect(() => {
    if (c) document.title = `${c.name} · Run #${runId} · Verdict`;
  }, [c, runId]);

  if (kase.error) return <ErrorState error={kase.error} />;
  if (!c) return <Loading what="Loading the test case result" />;
  const planName = run.data?.testPlanName ?? (run.data ? `Plan ${run.data.testPlanId}` : '…');
  const command = rerunCommand(run.data?.environment, details.data?.properties, c.name, suite.data?.name);
  const shownMessage = focus?.message ?? c.message;

  return (
    <div className="page case-page">
      <Breadcrumbs
        items={[
          { label: 'Runs', to: '/runs' },
          { label: planName, to: run.data ? `/plans/${run.data.testPlanId}` : undefined },
          { label: `Run #${runId}`, to: `/runs/${runId}` },
          { label: machine.data?.deviceConfiguration.title ?? 'Machine' },
          { label: suite.data?.name ?? 'Suite' },
          ...(c.parentId ? [{ label: 'Data-driven test', to: `/runs/${runId}/cases/${c.parentId}` }] : []),
        ]}
      />
      <div className="page-head">
        <h1 data-testid="case-name">
          <span className="case-title">{c.name}</span> <ResultBadge result={c.result} status={c.status} />
        </h1>
        <div className="head-actions">
          <CopyButton text={c.name} label="Copy name" testId="copy-name" />
          <CopyButton text={pageUrl(`/runs/${runId}/cases/${caseId}`)} label="Copy link" testId="copy-case-link" />
          <QuarantineControl testCaseId={c.testCaseId} quarantine={quarantines.get(c.testCaseId)} onChange={quarantines.reload} />
        </div>
      </div>
      <dl className="facts">
        <div className="fact">
          <dt>Duration</dt>
          <dd>{formatDuration(c.duration)}</dd>
        </div>
        <div className="fact">
          <dt>Started</dt>
          <dd>
            <Time iso={c.startTime} relative="inline" />
          </dd>
        </div>
        <div className="fact">
          <dt>Machine</dt>
          <dd>{machine.data?.deviceConfiguration.title ?? '—'}</dd>
        </div>
        <div className="fact">
          <dt>Suite</dt>
          <dd>{suite.data?.name ?? '—'}</dd>
        </div>
        {c.errorType ? (
          <div className="fact">
            <dt>Error type</dt>
            <dd className="mono">{c.errorType}</dd>
          </div>
        ) : null}
        {c.dataSetName ? (
          <div className="fact">
            <dt>Data set</dt>
            <dd>{c.dataSetName}</dd>
          </div>
        ) : null}
        {c.category ? (
          <div className="fact">
            <dt>Category</dt>
            <dd data-testid="category">{c.category}</dd>
          </div>
        ) : null}
      </dl>
      {details.data ? <Labels details={details.data} /> : null}
      {shownMessage && focus ? <p className={`case-message-box tone-box-${resultTone(focus.result, focus.status)}`}>{shownMessage}</p> : null}
      {command ? (
        <div className="rerun-command" data-testid="rerun-command">
          <span className="muted small">Re-run it</span>
          <code className="command">{command}</code>
          <CopyButton text={command} label="Copy" testId="copy-rerun" title="Copy the command that re-runs this test" />
        </div>
      ) : null}

      {attachments.data?.content.length ? (
        <section className="panel">
          <h2>Attachments</h2>
          <Attachments items={attachments.data.content} />
        </section>
      ) : null}

      <section className="panel" data-testid="history">
        <div className="panel-head">
          <h2>History</h2>
          <span className="muted small">this test in the last {history.data ? plural(history.data.content.length, 'result') : '… results'} of {planName}, oldest first</span>
          <span className="spacer" />
          {run.data ? (
            <Link to={`/tests/${c.testCaseId}?plan=${run.data.testPlanId}`} data-testid="full-history">
              Full history →
            </Link>
          ) : null}
        </div>
        {history.error ? <ErrorState error={history.error} /> : !history.data ? <Loading what="Loading history" /> : <HistoryStrip entries={history.data.content} current={c.id} />}
      </section>

      {c.isDataDriven ? (
        <section className="panel" data-testid="iterations">
          <h2>Iterations</h2>
          {iterations.error ? (
            <ErrorState error={iterations.error} />
          ) : !iterations.data ? (
            <Loading what="Loading iterations" />
          ) : its.length === 0 ? (
            <Empty>No iterations.</Empty>
          ) : (
            <ul className="iterations">
              {its.map((it) => (
                <li key={it.id} className={it.id === iteration?.id ? 'current' : ''} data-testid="iteration" aria-current={it.id === iteration?.id ? 'true' : undefined}>
                  <ResultDot result={it.result} status={it.status} />
                  <button type="button" className="link-button" onClick={() => updateSearch({ iteration: it.id })}>
                    {it.dataSetName ?? it.name}
                  </button>
                  <span className="muted small">{formatDuration(it.duration)}</span>
                  <Link to={`/runs/${runId}/cases/${it.id}`} className="small">
                    own page
                  </Link>
                  {it.message && it.result !== 'SUCCESS' ? <span className="muted small ellipsis">{it.message}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {details.data ? <ReportDetails details={details.data} /> : null}

      <section className="panel">
        <h2>{iteration ? `Steps of iteration ${iteration.dataSetName ?? iteration.name}` : 'Steps'}</h2>
        {stepsError ? (
          <ErrorState error={stepsError} />
        ) : c.isDataDriven && iterations.data && its.length === 0 ? (
          <Empty>This data-driven test has no iterations.</Empty>
        ) : !steps ? (
          <Loading what="Loading steps" />
        ) : steps.length === 0 ? (
          <Empty>This result has no steps.</Empty>
        ) : (
          <StepsTable steps={steps} />
        )}
      </section>
    </div>
  );
}
