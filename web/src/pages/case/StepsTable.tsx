/** A case's steps: groups indented, the failing step highlighted and scrolled to, the steps after it grey. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { apiGetAll, type StepResult } from '../../api';
import { parameterValue } from '../../components/Labels';
import { ResultBadge } from '../../components/Result';
import { formatDuration, resultTone } from '../../format';

export function useSteps(runId: number, caseId: number | undefined) {
  const [state, setState] = useState<{ steps?: StepResult[]; error?: Error }>({});
  useEffect(() => {
    if (caseId === undefined) return;
    const controller = new AbortController();
    setState({});
    apiGetAll<StepResult>(`/test_runs/${runId}/test_case_results/${caseId}/step_results`, {}, controller.signal).then(
      (steps) => setState({ steps }),
      (error: Error) => controller.signal.aborted || setState({ error }),
    );
    return () => controller.abort();
  }, [runId, caseId]);
  return state;
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

export function StepsTable({ steps }: { steps: StepResult[] }) {
  const numbers = useMemo(() => stepNumbers(steps), [steps]);
  // The step to look at: the first failed step that is not a group (a group fails because a child did).
  const failing = useMemo(() => {
    const leaf = steps.findIndex((s, i) => s.result === 'FAILURE' && !(steps[i + 1] && steps[i + 1]!.depth > s.depth));
    return leaf >= 0 ? leaf : steps.findIndex((s) => s.result === 'FAILURE' || s.result === 'ABORTED');
  }, [steps]);
  const failingRow = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    failingRow.current?.scrollIntoView({ block: 'center' });
  }, [steps]);
  return (
    <div className="table-scroll">
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
              <td className="num muted" data-label="#">
                {numbers[i]}
              </td>
              <td data-label="Result">
                <ResultBadge result={s.result} />
              </td>
              <td data-label="Action">
                <span className="step-action" style={{ paddingLeft: s.depth * 22 }}>
                  {s.depth > 0 ? <span className="step-branch" aria-hidden>└</span> : null}
                  {s.type === 'STEP_GROUP' ? <span className="tag tag-lead">group</span> : null}
                  {s.action}
                  {s.parameters?.length ? <span className="muted small step-parameters"> ({s.parameters.map((p) => `${p.name}=${parameterValue(p)}`).join(', ')})</span> : null}
                </span>
              </td>
              <td className="step-message" data-label="Message">
                {s.message ?? <span className="muted">—</span>}
              </td>
              <td className="mono small" data-label="Error">
                {s.errorType ?? (s.errorCode === null ? <span className="muted">—</span> : null)}
                {s.errorCode !== null ? <div className="muted">{s.errorCode}</div> : null}
              </td>
              <td className="num" data-label="Duration">
                {formatDuration(s.duration)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
