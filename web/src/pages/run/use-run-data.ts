/**
 * What the run page shows above its cases: the run, its re-runs, its machines and suites. `refresh()`
 * fetches them again, keeping what is shown until the answers arrive (a live run's events call it).
 */
import { useCallback, useEffect, useState } from 'react';
import { apiGetAll, type MachineResult, type Page, type SuiteResult, type TestRun } from '../../api';
import { useApi } from '../../use-api';

export function useRunData(runId: number) {
  const run = useApi<TestRun>(`/test_runs/${runId}`);
  const reruns = useApi<Page<TestRun>>('/test_runs', { query: `reRunParentId:${runId}`, size: 20, sort: 'id,asc' });
  const [tree, setTree] = useState<{ machines?: MachineResult[]; suites?: SuiteResult[]; error?: Error }>({});
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    Promise.all([
      apiGetAll<MachineResult>(`/test_runs/${runId}/test_machine_results`, {}, controller.signal),
      apiGetAll<SuiteResult>(`/test_runs/${runId}/test_suite_results`, {}, controller.signal),
    ]).then(
      ([machines, suites]) => setTree({ machines, suites }),
      // A refresh that fails keeps the tree shown; the first load shows the error.
      (error: Error) => controller.signal.aborted || setTree((t) => (t.machines ? t : { error })),
    );
    return () => controller.abort();
  }, [runId, generation]);

  const { reload: reloadRun } = run;
  const { reload: reloadReruns } = reruns;
  const refresh = useCallback(() => {
    reloadRun();
    reloadReruns();
    setGeneration((g) => g + 1);
  }, [reloadRun, reloadReruns]);

  return { run, reruns, machines: tree.machines, suites: tree.suites, treeError: tree.error, refresh };
}

/** What changes in a suite when its cases change: its counts, result and duration. */
export const suiteSignature = (s: SuiteResult) => `${s.result}|${s.duration}|${JSON.stringify(s.metrics)}`;
