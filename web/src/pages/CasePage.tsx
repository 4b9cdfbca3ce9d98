/**
 * A test case result: its steps (groups indented, the failing step highlighted and scrolled to),
 * data-driven iterations, and the test's history across recent runs of the plan as a clickable strip.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { apiGetAll, type Attachment, type CaseDetails, type CaseResult, type History, type MachineResult, type Page, type StepResult, type SuiteResult, type TestRun } from '../api';
import { Attachments } from '../components/Attachments';
import { Labels, parameterValue } from '../components/Labels';
import { HistoryStrip } from '../components/HistoryStrip';
import { Breadcrumbs } from '../components/Layout';
import { ResultBadge, ResultDot } from '../components/Result';
import { Empty, ErrorState, Loading } from '../components/States';
import { formatDuration, formatTime, resultTone } from '../format';
import { Link } from '../router';
import { useApi } from '../use-api';

function useSteps(runId: number, caseId: number) {
  const [steps, setSteps] = useState<StepResult[]>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    const controller = new AbortController();
    apiGetAll<StepResult>(`/test_runs/${runId}/test_case_results/${caseId}/step_results`, {}, controller.signal).then(setSteps, (e: Error) => controller.signal.aborted || setError(e));
    return () => controller.abort();
  }, [runId, caseId]);
  return { steps, error };
}

/** "1", "2", "2.1", "2.2", "3": numbers that follow the nesting of step groups. */
function stepNumbers(steps: readonly StepResult[]): string[] {
  const counters: number[] = [];
  return steps.map((s) => {
    counters.length = s.depth + 1;
    counters[s.depth] = (counters[s.depth] ?? 0) + 1;
    for (let i = 0; i < s.depth; i++) counters[i] ??= 1;
    return counters.join('.');
  });
}

export function CasePage({ runId, caseId }: { runId: number; caseId: number }) {
  const kase = useApi<CaseResult>(`/test_runs/${runId}/test_case_results/${caseId}`);
  const run = useApi<TestRun>(`/test_runs/${runId}`);
  const c = kase.data;
  const machine = useApi<MachineResult>(c ? `/test_runs/${runId}/test_machine_results/${c.testMachineResultId}` : null);
  const suite = useApi<SuiteResult>(c ? `/test_runs/${runId}/test_suite_results/${c.testSuiteResultId}` : null);
  const history = useApi<History>(c && run.data ? `/test_cases/${c.testCaseId}/history` : null, { planId: run.data?.testPlanId, limit: 30 });
  const iterations = useApi<Page<CaseResult>>(c?.isDataDriven ? `/test_runs/${runId}/test_case_results` : null, { query: `parentId:${caseId}`, size: 200 });
  const { steps, error: stepsError } = useSteps(runId, caseId);
  const details = useApi<CaseDetails>(`/test_runs/${runId}/test_case_results/${caseId}/details`);
  const attachments = useApi<{ content: Attachment[] }>(`/test_runs/${runId}/test_case_results/${caseId}/attachments`);

  useEffect(() => {
    if (c) document.title = `${c.name} · Run #${runId} · Verdict`;
  }, [c, runId]);

  if (kase.error) return <ErrorState error={kase.error} />;
  if (!c) return <Loading what="Loading the test case result" />;
  const planName = run.data?.testPlanName ?? (run.data ? `Plan ${run.data.testPlanId}` : '…');

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
          {c.name} <ResultBadge result={c.result} status={c.status} />
        </h1>
      </div>
      <dl className="facts">
        <div className="fact">
          <dt>Duration</dt>
          <dd>{formatDuration(c.duration)}</dd>
        </div>
        <div className="fact">
          <dt>Started</dt>
          <dd>{formatTime(c.startTime)}</dd>
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
      {c.message ? <p className={`case-message-box tone-box-${resultTone(c.result, c.status)}`}>{c.message}</p> : null}

      {attachments.data?.content.length ? (
        <section className="panel">
          <h2>Attachments</h2>
          <Attachments items={attachments.data.content} />
        </section>
      ) : null}

      <section className="panel" data-testid="history">
        <div className="panel-head">
          <h2>History</h2>
          <span className="muted small">this test in the last {history.data?.content.length ?? '…'} results of {planName}, oldest first</span>
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
        <section className="panel">
          <h2>Iterations</h2>
          {iterations.error ? (
            <ErrorState error={iterations.error} />
          ) : !iterations.data ? (
            <Loading what="Loading iterations" />
          ) : iterations.data.content.length === 0 ? (
            <Empty>No iterations.</Empty>
          ) : (
            <ul className="iterations">
              {iterations.data.content.map((it) => (
                <li key={it.id}>
                  <ResultDot result={it.result} status={it.status} />
                  <Link to={`/runs/${runId}/cases/${it.id}`}>{it.dataSetName ?? it.name}</Link>
                  <span className="muted small">{formatDuration(it.duration)}</span>
                  {it.message && it.result !== 'SUCCESS' ? <span className="muted small ellipsis">{it.message}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      {details.data ? <ReportDetails details={details.data} /> : null}

      <section className="panel">
        <h2>Steps</h2>
        {stepsError ? <ErrorState error={stepsError} /> : !steps ? <Loading what="Loading steps" /> : steps.length === 0 ? <Empty>{c.isDataDriven ? 'The steps of a data-driven test are recorded per iteration: open one above.' : 'This result has no steps.'}</Empty> : <StepsTable steps={steps} />}
      </section>
    </div>
  );
}

/** The report's own words: stack trace, earlier attempts (retries), output and properties. */
function ReportDetails({ details }: { details: CaseDetails }) {
  const { stackTrace, systemOut, systemErr, attempts, properties } = details;
  const props = Object.entries(properties ?? {});
  if (!stackTrace && !systemOut && !systemErr && !attempts?.length && !props.length) return null;
  return (
    <section className="panel" data-testid="report-details">
      {stackTrace ? (
        <>
          <h2>Stack trace</h2>
          <pre className="log" data-testid="stack-trace">{stackTrace}</pre>
        </>
      ) : null}
      {attempts?.length ? (
        <>
          <h2>Earlier attempts</h2>
          <ol className="attempts">
            {attempts.map((a, i) => (
              <li key={i}>
                <ResultBadge result={a.result as CaseResult['result']} /> {a.message ?? ''} {a.duration != null ? <span className="muted small">{formatDuration(a.duration)}</span> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {systemOut ? (
        <details>
          <summary>Standard output</summary>
          <pre className="log">{systemOut}</pre>
        </details>
      ) : null}
      {systemErr ? (
        <details>
          <summary>Standard error</summary>
          <pre className="log">{systemErr}</pre>
        </details>
      ) : null}
      {props.length ? (
        <details>
          <summary>Properties</summary>
          <table className="table">
            <tbody>
              {props.map(([k, v]) => (
                <tr key={k}>
                  <td className="mono small">{k}</td>
                  <td className="mono small">{v}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </section>
  );
}

function StepsTable({ steps }: { steps: StepResult[] }) {
  const numbers = useMemo(() => stepNumbers(steps), [steps]);
  // The step to look at: the first failed step that is not a group (a group fails because a child did).
  const failing = useMemo(() => {
    const leaf = steps.findIndex((s, i) => s.result === 'FAILURE' && !(steps[i + 1] && steps[i + 1]!.depth > s.depth));
    return leaf >= 0 ? leaf : steps.findIndex((s) => s.result === 'FAILURE' || s.result === 'ABORTED');
  }, [steps]);
  const failingRow = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    failingRow.current?.scrollIntoView({ block: 'center' });
  }, []);
  return (
    <table className="table steps-table" data-testid="steps">
      <thead>
        <tr>
          <th className="num">#</th>
          <th>Result</th>
          <th>Action</th>
          <th>Message</th>
          <th>Error</th>
          <th className="num">Duration</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s, i) => (
          <tr
            key={s.id}
            ref={i === failing ? failingRow : undefined}
            className={`step tone-row-${resultTone(s.result)} ${i === failing ? 'failing-step' : ''} ${s.type === 'STEP_GROUP' ? 'step-group' : ''}`}
            data-testid="step-row"
            data-result={s.result}
            data-failing={i === failing ? 'true' : undefined}
          >
            <td className="num muted">{numbers[i]}</td>
            <td>
              <ResultBadge result={s.result} />
            </td>
            <td>
              <span className="step-action" style={{ paddingLeft: s.depth * 22 }}>
                {s.depth > 0 ? <span className="step-branch" aria-hidden>└</span> : null}
                {s.type === 'STEP_GROUP' ? <span className="tag tag-lead">group</span> : null}
                {s.action}
                {s.parameters?.length ? <span className="muted small step-parameters"> ({s.parameters.map((p) => `${p.name}=${parameterValue(p)}`).join(', ')})</span> : null}
              </span>
            </td>
            <td className="step-message">{s.message ?? <span className="muted">—</span>}</td>
            <td className="mono small">
              {s.errorType ?? (s.errorCode === null ? <span className="muted">—</span> : null)}
              {s.errorCode !== null ? <div className="muted">{s.errorCode}</div> : null}
            </td>
            <td className="num">{formatDuration(s.duration)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
