/** Triage results -> API JSON (routes/triage-routes.ts). */
import type { ComparedCase, RunComparison } from '../core/compare-runs.js';
import type { failureGroupsOf } from '../triage/run-triage.js';

type Group = Awaited<ReturnType<typeof failureGroupsOf>>[number];

export function presentFailureGroup(g: Group) {
  return {
    fingerprint: g.fingerprint,
    errorType: g.errorType,
    message: g.message,
    normalizedMessage: g.normalizedMessage,
    topFrame: g.topFrame,
    count: g.cases.length,
    firstSeenRunId: g.firstSeenRunId,
    new: g.isNew,
    cases: g.cases.map((c) => ({ id: c.id, testCaseId: c.test_case_id, name: c.name, suiteName: c.suite_name, machineTitle: c.machine_title, message: c.message })),
  };
}

type Case = ComparedCase & { name: string; suiteName: string; message: string | null };
const present = (c: Case) => ({ id: c.id, testCaseId: c.testCaseId, name: c.name, suiteName: c.suiteName, machineTitle: c.machineTitle, result: c.result, duration: c.duration, message: c.message });

export function presentComparison(runId: number, baseRunId: number | null, c: RunComparison<Case> | undefined) {
  return {
    testRunId: runId,
    baseRunId,
    newFailures: c?.newFailures.map(present) ?? [],
    fixed: c?.fixed.map(present) ?? [],
    stillFailing: c?.stillFailing.map(present) ?? [],
    added: c?.added.map(present) ?? [],
    removed: c?.removed.map(present) ?? [],
    slower: c?.slower.map((s) => ({ current: present(s.current), baseDuration: s.base.duration!, factor: s.factor })) ?? [],
  };
}

export function presentQuarantine(q: { test_case_id: number; name: string; reason: string; until: number | null; created_at: number }, now: number) {
  return {
    testCaseId: q.test_case_id,
    name: q.name,
    reason: q.reason,
    until: q.until === null ? null : new Date(Number(q.until)).toISOString(),
    active: q.until === null || Number(q.until) > now,
    createdDate: new Date(Number(q.created_at)).toISOString(),
  };
}
