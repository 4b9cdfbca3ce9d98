/**
 * Triggering a plan (`POST /api/v1/execution_results`, `/test_plan_results`): Verdict runs no tests, so it
 * opens a run that waits for the CI (ingest/trigger-mapping.ts) and, when the plan has a hook, calls it
 * with the run's id so the CI starts and fills that run. The hook's outcome is kept with the run; a hook
 * that fails (not 2xx, unreachable, too slow) ends the run ABORTED, saying what happened, so pollers stop.
 *
 * @example
 *   const { runId, hook } = await triggerRun(deps, workspaceId, { planId: 420, buildNo: '42', runtimeData: { branch: 'main' } });
 */
import type { SecretBox } from '../auth/secret-box.js';
import { notFound } from '../core/errors.js';
import { hookFailureMessage, hookSucceeded, renderBody, renderUrl, type HookMethod, type HookOutcome, type TriggerValues } from '../core/trigger-hook.js';
import { abortTriggeredRun, openTriggeredRun, type Ingest } from '../ingest/index.js';
import type { Store } from '../store/dialect.js';
import { findPlan } from '../store/report-repository.js';
import { findTriggerHook, updateRunTrigger, type TriggerHookRow } from '../store/trigger-repository.js';
import { callHook } from './call-hook.js';
import { openHookSecrets } from './hook-settings.js';

export interface TriggerDeps {
  store: Store;
  ingest: Ingest;
  secrets: SecretBox;
  clock: () => number;
  /** The server's URL as users see it, for `{{serverUrl}}` and `{{runUrl}}`. */
  publicUrl: string;
  /** Minutes a run waits for results when its plan's hook sets none. */
  defaultTimeoutMinutes: number;
  hookTimeoutMs?: number;
}

export interface TriggerRequest {
  planId: number;
  buildNo?: string | null;
  environmentId?: string | null;
  runtimeData?: Record<string, string> | null;
}

export async function triggerRun(deps: TriggerDeps, workspaceId: number, request: TriggerRequest): Promise<{ runId: number; hook: HookOutcome | null }> {
  const { db } = deps.store;
  const plan = await findPlan(db, workspaceId, request.planId);
  if (!plan) throw notFound(`test plan ${request.planId}`);
  const hook = await findTriggerHook(db, workspaceId, plan.id);
  const environment = { ...request.runtimeData, ...(request.environmentId ? { environmentId: request.environmentId } : {}) };
  const runId = await openTriggeredRun(deps.ingest, workspaceId, { plan: plan.name, buildNo: request.buildNo, environment, timeoutMinutes: hook?.timeout_minutes ?? deps.defaultTimeoutMinutes });
  if (!hook) return { runId, hook: null };

  const serverUrl = deps.publicUrl.replace(/\/+$/, '');
  const plain = { runId: String(runId), planId: String(plan.id), planName: plan.name, buildNo: request.buildNo ?? '', environmentId: request.environmentId ?? '', serverUrl, runUrl: `${serverUrl}/runs/${runId}` };
  const outcome = await callPlanHook(deps, hook, plain, request.runtimeData ?? {});
  await updateRunTrigger(db, runId, { hook_called_at: outcome.calledAt, hook_duration: outcome.durationMs, hook_status: outcome.statusCode, hook_error: outcome.error });
  if (!hookSucceeded(outcome)) await abortTriggeredRun(deps.ingest, workspaceId, runId, hookFailureMessage(outcome));
  return { runId, hook: outcome };
}

async function callPlanHook(deps: TriggerDeps, hook: TriggerHookRow, plain: TriggerValues['plain'], runtimeData: Record<string, string>): Promise<HookOutcome> {
  let opened: ReturnType<typeof openHookSecrets>;
  try {
    opened = openHookSecrets(deps.secrets, hook);
  } catch (e) {
    return { calledAt: deps.clock(), durationMs: 0, statusCode: null, error: (e as Error).message };
  }
  const values: TriggerValues = { plain, runtimeData, secrets: opened.secrets };
  const body = hook.body === null ? null : JSON.stringify(renderBody(JSON.parse(hook.body), values));
  const outcome = await callHook({ url: renderUrl(hook.url, values), method: hook.method as HookMethod, headers: opened.headers, body }, deps.clock, deps.hookTimeoutMs);
  // An error may quote the URL it failed on, which may hold a secret: no secret leaves in a message.
  return outcome.error === null ? outcome : { ...outcome, error: redact(outcome.error, [...Object.values(opened.secrets), ...Object.values(opened.headers)]) };
}

function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((s) => s.length >= 4).reduce((t, s) => t.split(s).join('***').split(encodeURIComponent(s)).join('***'), text);
}
