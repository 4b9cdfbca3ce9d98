/** The report's own words about a case: stack trace (with a copy button), earlier attempts, output, properties. */
import type { CaseDetails, CaseResult } from '../../api';
import { CopyButton } from '../../components/Copy';
import { ResultBadge } from '../../components/Result';
import { formatDuration } from '../../format';

export function ReportDetails({ details }: { details: CaseDetails }) {
  const { stackTrace, systemOut, systemErr, attempts, properties } = details;
  const props = Object.entries(properties ?? {});
  if (!stackTrace && !systemOut && !systemErr && !attempts?.length && !props.length) return null;
  return (
    <section className="panel" data-testid="report-details">
      {stackTrace ? (
        <>
          <div className="panel-head">
            <h2>Stack trace</h2>
            <span className="spacer" />
            <CopyButton text={stackTrace} label="Copy" testId="copy-stack-trace" title="Copy the stack trace" />
          </div>
          <pre className="log" data-testid="stack-trace">
            {stackTrace}
          </pre>
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
          <div className="table-scroll">
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
          </div>
        </details>
      ) : null}
    </section>
  );
}
