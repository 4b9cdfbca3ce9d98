/**
 * The run's machines -> suites -> cases, failures first. Machines and suites come with the page; a suite's
 * cases are fetched when it opens (R8, 2,000 a page): the first suite alone, so rows show early, then a few
 * at a time. A live run's suites whose counts changed are fetched again. The list scrolls with the page
 * (components/WindowList.tsx): whole below a few thousand rows, windowed above.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { apiGet, apiGetAll, type CaseResult, type MachineResult, type Page, type Quarantine, type Result, type SuiteResult } from '../../api';
import { WindowList, type WindowListHandle } from '../../components/WindowList';
import { formatCount, plural, RESULT_SEVERITY } from '../../format';
import { markOnce } from '../../marks';
import { suiteSignature } from './use-run-data';
import { isFailure, TreeHeader, TreeRow, type Row } from './TreeRow';
import { useFailureKeys } from './use-failure-keys';

/** Runs this small open fully; bigger ones open their failing suites only. */
const OPEN_ALL_UP_TO = 200;
const PARALLEL_SUITE_LOADS = 4;
/** The first suite's first rows come in a small request of their own (failures first), so the page shows cases early. */
const FIRST_ROWS = 100;

/**
 * `signature`: the suite as it was when these rows were asked for (a change means they are stale);
 * `refreshing`: a live run's suite fetched again, its earlier rows still shown meanwhile.
 */
type CaseLoad = { rows: CaseResult[]; signature: string; refreshing?: boolean } & ({ state: 'loading' | 'done' } | { state: 'error'; error: Error });

export const bySeverity = <T extends { result: Result }>(rows: readonly T[]) =>
  rows.map((r, i) => [r, i] as const).sort((a, b) => RESULT_SEVERITY[a[0].result] - RESULT_SEVERITY[b[0].result] || a[1] - b[1]).map(([r]) => r);

const opensByDefault = (s: SuiteResult, total: number) => total <= OPEN_ALL_UP_TO || s.result === 'FAILURE' || s.result === 'ABORTED';

interface Props {
  runId: number;
  machines: MachineResult[];
  suites: SuiteResult[];
  total: number;
  windowed: boolean;
  rowHeight: number;
  quarantined: Map<number, Quarantine>;
  expandAll: number;
  collapseAll: number;
  /** Called once the first case rows show. */
  onFirstRows?: () => void;
}

export function RunTree({ runId, machines, suites, total, windowed, rowHeight, quarantined, expandAll, collapseAll, onFirstRows }: Props) {
  const sortedMachines = useMemo(() => bySeverity(machines), [machines]);
  const suitesOf = useMemo(() => {
    const map = new Map<number, SuiteResult[]>();
    for (const s of suites) map.set(s.testMachineRunId, [...(map.get(s.testMachineRunId) ?? []), s]);
    for (const [k, v] of map) map.set(k, bySeverity(v));
    return map;
  }, [suites]);
  const [open, setOpen] = useState<Set<string>>(() => new Set([...machines.map((m) => `m${m.id}`), ...suites.filter((s) => opensByDefault(s, total)).map((s) => `s${s.id}`)]));
  // Machines and suites seen so far: a live run's new ones open by the same rule as the first ones.
  const seen = useRef(new Set([...machines.map((m) => `m${m.id}`), ...suites.map((s) => `s${s.id}`)]));
  useEffect(() => {
    const fresh = [...machines.map((m) => `m${m.id}`), ...suites.filter((s) => opensByDefault(s, total)).map((s) => `s${s.id}`)].filter((k) => !seen.current.has(k));
    for (const s of suites) seen.current.add(`s${s.id}`);
    for (const m of machines) seen.current.add(`m${m.id}`);
    if (fresh.length) setOpen((prev) => new Set([...prev, ...fresh]));
  }, [machines, suites, total]);
  useEffect(() => {
    if (expandAll) setOpen(new Set([...machines.map((m) => `m${m.id}`), ...suites.map((s) => `s${s.id}`)]));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [expandAll]);
  useEffect(() => {
    if (collapseAll) setOpen(new Set());
  }, [collapseAll]);

  const [cases, setCases] = useState<Map<number, CaseLoad>>(new Map());
  const inflight = useRef(new Set<number>());
  const cancel = useRef(new AbortController());
  useEffect(() => {
    const controller = new AbortController();
    cancel.current = controller;
    return () => controller.abort();
  }, []);

  // Open suites fetch their cases (again, when a live run changed them), a few at a time, in the order shown.
  useEffect(() => {
    const shown = sortedMachines.flatMap((m) => (open.has(`m${m.id}`) ? (suitesOf.get(m.id) ?? []) : [])).filter((s) => open.has(`s${s.id}`));
    const wanted = shown.filter((s) => {
      const load = cases.get(s.id);
      return !inflight.current.has(s.id) && (!load || (load.state !== 'loading' && load.signature !== suiteSignature(s)));
    });
    // The first suite loads alone, so the first case rows show as early as possible.
    const parallel = [...cases.values()].some((load) => load.state !== 'loading') ? PARALLEL_SUITE_LOADS : 1;
    for (const s of wanted.slice(0, Math.max(0, parallel - inflight.current.size))) {
      const signature = suiteSignature(s);
      const signal = cancel.current.signal;
      const before = cases.get(s.id)?.rows ?? [];
      const refreshing = cases.has(s.id);
      inflight.current.add(s.id);
      setCases((prev) => new Map(prev).set(s.id, { state: 'loading', rows: before, signature, refreshing }));
      const path = `/test_runs/${runId}/test_case_results`;
      const query = `testSuiteResultId:${s.id},parentId:null`;
      const glimpse =
        cases.size === 0
          ? apiGet<Page<CaseResult>>(path, { query, sort: 'result,position', size: FIRST_ROWS }, { signal }).then((page) => {
              if (!page.last) setCases((prev) => new Map(prev).set(s.id, { state: 'loading', rows: page.content, signature }));
              return page.last ? page.content : undefined;
            })
          : Promise.resolve(undefined);
      glimpse
        .then(
          (whole) =>
            whole ??
            apiGetAll<CaseResult>(path, { query }, signal, (rows) =>
              // A first load shows rows as pages arrive; a refresh keeps the old rows until the new ones are whole.
              refreshing ? undefined : setCases((prev) => new Map(prev).set(s.id, { state: 'loading', rows: bySeverity(rows), signature })),
            ),
        )
        .then(
        (rows) => {
          inflight.current.delete(s.id);
          setCases((prev) => new Map(prev).set(s.id, { state: 'done', rows: bySeverity(rows), signature }));
        },
        (error: Error) => {
          inflight.current.delete(s.id);
          // Cancelled (the page went away, or React's dev double-mount): forget it, so a live tree asks again.
          setCases((prev) => {
            const next = new Map(prev);
            if (signal.aborted) next.delete(s.id);
            else next.set(s.id, { state: 'error', error, rows: before, signature });
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
        for (const c of load?.rows ?? []) out.push({ kind: 'case', key: `c${c.id}`, c });
        if (!load || (load.state === 'loading' && !load.refreshing)) out.push({ kind: 'status', key: `l${s.id}`, text: `Loading cases${load?.rows.length ? ` (${formatCount(load.rows.length)} so far)` : ''}…` });
        else if (load.state === 'error') out.push({ kind: 'status', key: `e${s.id}`, text: `Could not load the cases: ${load.error.message}`, error: true });
      }
    }
    return out;
  }, [sortedMachines, suitesOf, open, cases]);

  const caseRowCount = rows.reduce((n, r) => n + (r.kind === 'case' ? 1 : 0), 0);
  useEffect(() => markOnce('verdict:run-tree-rendered'), []);
  const firstRows = caseRowCount > 0;
  useEffect(() => {
    if (!firstRows) return;
    markOnce('verdict:run-cases-rendered');
    onFirstRows?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [firstRows]);

  const list = useRef<WindowListHandle>(null);
  const { selected } = useFailureKeys(rows, isFailure, (r) => r.key, (r) => (r.kind === 'case' ? `/runs/${runId}/cases/${r.c.id}` : undefined), (i) => list.current?.reveal(i));

  const toggle = (key: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <div className="tree" role="tree" aria-label="Machines, suites and cases">
      <TreeHeader />
      <WindowList
        ref={list}
        items={rows}
        rowHeight={rowHeight}
        windowed={windowed}
        rowKey={(row) => row.key}
        testId="run-tree"
        renderRow={(row) => <TreeRow row={row} runId={runId} onToggle={toggle} selected={row.key === selected} quarantined={quarantined} />}
      />
      <div className="tree-foot muted small" data-testid="tree-foot">
        {formatCount(caseRowCount)} of {plural(total, 'case')} shown · {plural(machines.length, 'machine')} · {plural(suites.length, 'suite')}
        <span className="keys-hint"> · j/k: next/previous failure, Enter: open</span>
      </div>
    </div>
  );
}
