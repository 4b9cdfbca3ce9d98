/**
 * One row of the run tree: a machine, a suite, a case, or a loading/error line. Wide screens lay a row out
 * as columns (name, counts, duration, result); narrow ones stack the name above the rest, wrapping it
 * whole (styles.css), so every name stays readable.
 */
import type { CaseResult, MachineResult, Quarantine, SuiteResult } from '../../api';
import { CountsBar, CountsText, ResultBadge, ResultDot } from '../../components/Result';
import { formatDuration, resultTone } from '../../format';
import { quarantineTitle } from '../../quarantines';
import { Link, navigate } from '../../router';

export type Row =
  | { kind: 'machine'; key: string; machine: MachineResult; open: boolean }
  | { kind: 'suite'; key: string; suite: SuiteResult; open: boolean }
  | { kind: 'case'; key: string; c: CaseResult; context?: string }
  | { kind: 'status'; key: string; text: string; error?: boolean };

export const isFailure = (row: Row) => row.kind === 'case' && (row.c.result === 'FAILURE' || row.c.result === 'ABORTED');

export function TreeHeader() {
  return (
    <div className="tree-row tree-head" aria-hidden>
      <span>Name</span>
      <span>Tests</span>
      <span className="num">Duration</span>
      <span>Result</span>
    </div>
  );
}

interface RowProps {
  row: Row;
  runId: number;
  onToggle?: (key: string) => void;
  selected?: boolean;
  quarantined: Map<number, Quarantine>;
}

export function TreeRow({ row, runId, onToggle, selected, quarantined }: RowProps) {
  if (row.kind === 'status') return <div className={`tree-row tree-status ${row.error ? 'error' : 'muted'}`}>{row.text}</div>;
  if (row.kind === 'case') return <CaseRow c={row.c} runId={runId} selected={selected} quarantine={quarantined.get(row.c.testCaseId)} context={row.context} />;
  const node = row.kind === 'machine' ? row.machine : row.suite;
  const name = row.kind === 'machine' ? (row.machine.deviceConfiguration.title ?? `Machine ${row.machine.id}`) : row.suite.name;
  return (
    <div className={`tree-row tree-${row.kind}`} role="treeitem" aria-expanded={row.open} data-testid={`${row.kind}-row`}>
      <span className="name">
        <button type="button" className="chevron" onClick={() => onToggle?.(row.key)} aria-label={row.open ? 'Collapse' : 'Expand'}>
          {row.open ? '▾' : '▸'}
        </button>
        <ResultDot result={node.result} />
        <button type="button" className="node-name" onClick={() => onToggle?.(row.key)} title={name}>
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

function CaseRow({ c, runId, selected, quarantine, context }: { c: CaseResult; runId: number; selected?: boolean; quarantine?: Quarantine; context?: string }) {
  const to = `/runs/${runId}/cases/${c.id}`;
  return (
    <div
      className={`tree-row tree-case tone-row-${resultTone(c.result, c.status)} ${selected ? 'selected' : ''} ${context ? 'with-context' : ''}`}
      role="treeitem"
      aria-selected={selected || undefined}
      data-testid="case-row"
      data-case-id={c.id}
      data-result={c.result}
      onClick={(e) => (e.target as HTMLElement).closest('a, button') || navigate(to)}
    >
      <span className="name">
        <ResultDot result={c.result} status={c.status} />
        <span className="case-text">
          <Link to={to} className="case-name" title={c.name}>
            {c.name}
          </Link>
          {c.isDataDriven ? <span className="tag">data-driven</span> : null}
          {c.parentId ? <span className="tag">iteration</span> : null}
          {c.flaky ? <span className="tag tag-warn">flaky</span> : null}
          {quarantine ? (
            <span className="tag tag-quarantine" title={quarantineTitle(quarantine)} data-testid="quarantined-tag">
              quarantined
            </span>
          ) : null}
          {context ? <span className="muted small case-context">{context}</span> : null}
          {c.message && c.result !== 'SUCCESS' ? (
            <span className="case-message muted" title={c.message} data-testid="case-message">
              {c.message}
            </span>
          ) : null}
        </span>
      </span>
      <span className="counts-cell" />
      <span className="num">{formatDuration(c.duration)}</span>
      <span>
        <ResultBadge result={c.result} status={c.status} />
      </span>
    </div>
  );
}
