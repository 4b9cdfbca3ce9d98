/**
 * A run as the ReportPortal tests compare it, read back through Verdict's own API: counts, suites and
 * their cases, each case's result, attempts, flakiness, steps and attachments. Ids are left out, so two
 * runs of the same launch compare equal.
 */

export type Get = (path: string) => Promise<any>;

export interface CaseSummary {
  result: string;
  skipped: boolean;
  flaky: boolean;
  message: string | null;
  attempts: string[];
  steps: string[];
  attachments: string[];
  properties: Record<string, string> | null;
}

export interface RunSummary {
  plan: string;
  result: string;
  status: string;
  counts: { total: number; passed: number; failed: number; skipped: number; stopped: number; notExecuted: number };
  machines: string[];
  suites: Record<string, string[]>;
  cases: Record<string, CaseSummary>;
}

export async function summarizeRun(get: Get, runId: number): Promise<RunSummary> {
  const run = await get(`/api/v3/test_runs/${runId}`);
  const machines = (await get(`/api/v3/test_runs/${runId}/test_machine_results`)).content;
  const suites = (await get(`/api/v3/test_runs/${runId}/test_suite_results?size=500`)).content as { id: number; name: string }[];
  const cases = (await get(`/api/v3/test_runs/${runId}/test_case_results?size=2000`)).content as { id: number; name: string; testSuiteResultId: number; result: string; skipped: boolean; flaky: boolean; message: string | null }[];
  const m = run.metrics;
  const summary: RunSummary = {
    plan: run.testPlanName,
    result: run.result,
    status: run.status,
    counts: { total: m.totalCount, passed: m.passedCount, failed: m.failedCount, skipped: m.skippedCount, stopped: m.stoppedCount, notExecuted: m.notExecutedCount },
    machines: machines.map((x: { deviceConfiguration: { title: string } }) => x.deviceConfiguration.title).sort(),
    suites: Object.fromEntries(suites.map((s) => [s.name, cases.filter((c) => c.testSuiteResultId === s.id).map((c) => c.name).sort()])),
    cases: {},
  };
  for (const c of cases) {
    const suite = suites.find((s) => s.id === c.testSuiteResultId)!.name;
    const details = await get(`/api/v3/test_runs/${runId}/test_case_results/${c.id}/details`);
    const steps = (await get(`/api/v3/test_runs/${runId}/test_case_results/${c.id}/step_results/?size=2000`)).content as Step[];
    const attachments = (await get(`/api/v3/test_runs/${runId}/test_case_results/${c.id}/attachments`)).content as { name: string; contentType: string; size: number }[];
    summary.cases[`${suite} › ${c.name}`] = {
      result: c.skipped ? 'SKIPPED' : c.result,
      skipped: c.skipped,
      flaky: c.flaky,
      message: c.message,
      attempts: (details.attempts ?? []).map((a: { result: string }) => a.result),
      steps: stepPaths(steps),
      attachments: attachments.map((a) => `${a.name} (${a.contentType}, ${a.size} B)`).sort(),
      properties: details.properties,
    };
  }
  return summary;
}

interface Step {
  id: string;
  parentStepResultId: string | null;
  action: string;
  result: string;
}

/**
 * Each step as `group › step: RESULT`, sorted: the tree and its results, whatever order siblings that started
 * in the same millisecond arrived in (their order cannot be known; test/http/reportportal-items.test.ts
 * checks the order by start time).
 */
function stepPaths(steps: Step[]): string[] {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const path = (s: Step): string => (s.parentStepResultId ? `${path(byId.get(s.parentStepResultId)!)} › ${s.action}` : s.action);
  return steps.map((s) => `${path(s)}: ${s.result}`).sort();
}

/** The run a launch finish linked to: `{publicUrl}/runs/{id}`. */
export function runIdOfLink(link: string | null): number {
  const m = /\/runs\/(\d+)$/.exec(link ?? '');
  if (!m) throw new Error(`not a link to a run: ${link}`);
  return Number(m[1]);
}
