/** A test's labels (owner, severity, tag...), links and parameters, as Allure results carry them. */
import type { CaseDetails, Parameter } from '../api';

/** Labels as tags (owner, severity, tag...), links, and the test's parameters (masked ones without their value). */
export function Labels({ details }: { details: CaseDetails }) {
  const labels = details.labels ?? [];
  const links = details.links ?? [];
  const parameters = details.parameters ?? [];
  if (!labels.length && !links.length && !parameters.length) return null;
  return (
    <section className="panel" data-testid="labels">
      {labels.length ? (
        <p className="labels">
          {labels.map((l) => (
            <span key={`${l.name}=${l.value}`} className="tag" title={l.name}>
              <span className="muted">{l.name}:</span> {l.value}
            </span>
          ))}
        </p>
      ) : null}
      {links.length ? (
        <ul className="links">
          {links.map((l) => (
            <li key={l.url}>
              {l.type && l.type !== 'link' ? <span className="tag">{l.type}</span> : null}{' '}
              <a href={/^https?:\/\//i.test(l.url) ? l.url : undefined} rel="noopener noreferrer" target="_blank">
                {l.name ?? l.url}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {parameters.length ? (
        <>
          <h2>Parameters</h2>
          <ParameterTable parameters={parameters} />
        </>
      ) : null}
    </section>
  );
}

export function parameterValue(p: Parameter): string {
  return p.masked ? '******' : (p.value ?? '');
}

function ParameterTable({ parameters }: { parameters: Parameter[] }) {
  return (
    <table className="table" data-testid="parameters">
      <tbody>
        {parameters.map((p) => (
          <tr key={p.name}>
            <td className="mono small">{p.name}</td>
            <td className="mono small">
              {parameterValue(p)} {p.excluded ? <span className="muted">(not part of the test's identity)</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

