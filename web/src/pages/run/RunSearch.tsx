/**
 * Searching a run: the API is asked for the cases whose name, and those whose message, contain the text
 * (`testCaseName$…`, `message$…`; the query language has no OR, so two requests), and the answers are merged.
 */
import { useEffect, useMemo, useState } from 'react';
import { apiGet, queryValue, type CaseResult, type MachineResult, type Page, type Quarantine, type SuiteResult } from '../../api';
import { Empty, ErrorState, Loading } from '../../components/States';
import { WindowList } from '../../components/WindowList';
import { formatCount, plural } from '../../format';
import { updateSearch } from '../../router';
import { bySeverity } from './RunTree';
import { TreeRow } from './TreeRow';

const FIRST = 2000;

export function CaseSearch({ value }: { value: string }) {
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
      placeholder="Search names and messages in this run"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      data-testid="case-search"
      aria-label="Search case names and messages"
    />
  );
}

interface Found {
  rows: CaseResult[];
  total: number;
}

function useSearch(runId: number, text: string) {
  const [state, setState] = useState<{ found?: Found; error?: Error }>({});
  useEffect(() => {
    const controller = new AbortController();
    setState({});
    const ask = (field: string) => apiGet<Page<CaseResult>>(`/test_runs/${runId}/test_case_results`, { query: `${field}$${queryValue(text)}`, size: FIRST }, { signal: controller.signal });
    Promise.all([ask('testCaseName'), ask('message')]).then(
      ([byName, byMessage]) => {
        const rows = new Map(byName.content.map((c) => [c.id, c]));
        for (const c of byMessage.content) rows.set(c.id, c);
        // A case matching both counts once; the total is at least the larger of the two.
        const both = byName.content.filter((c) => byMessage.content.some((m) => m.id === c.id)).length;
        setState({ found: { rows: bySeverity([...rows.values()]), total: Math.max(rows.size, byName.totalElements + byMessage.totalElements - both) } });
      },
      (error: Error) => controller.signal.aborted || setState({ error }),
    );
    return () => controller.abort();
  }, [runId, text]);
  return state;
}

export function SearchResults({ runId, text, machines, suites, quarantined }: { runId: number; text: string; machines: MachineResult[]; suites: SuiteResult[]; quarantined: Map<number, Quarantine> }) {
  const { found, error } = useSearch(runId, text);
  const where = useMemo(() => {
    const machine = new Map(machines.map((m) => [m.id, m.deviceConfiguration.title ?? `Machine ${m.id}`]));
    const suite = new Map(suites.map((s) => [s.id, s.name]));
    return (c: CaseResult) => `${machine.get(c.testMachineResultId) ?? ''} › ${suite.get(c.testSuiteResultId) ?? ''}`;
  }, [machines, suites]);
  if (error) return <ErrorState error={error} />;
  if (!found) return <Loading what="Searching" />;
  if (found.rows.length === 0) return <Empty>No case in this run has “{text}” in its name or message.</Empty>;
  return (
    <div className="tree search-tree" data-testid="search-results">
      <div className="muted small search-count">
        {plural(found.total, 'case')} {found.total === 1 ? 'matches' : 'match'} “{text}” in name or message{found.total > found.rows.length ? ` (first ${formatCount(found.rows.length)} shown)` : ''}
      </div>
      <WindowList
        items={found.rows}
        rowHeight={36}
        windowed={false}
        rowKey={(c) => c.id}
        renderRow={(c) => <TreeRow row={{ kind: 'case', key: `c${c.id}`, c, context: where(c) }} runId={runId} quarantined={quarantined} />}
      />
    </div>
  );
}
