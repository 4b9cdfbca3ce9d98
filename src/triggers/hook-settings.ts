/**
 * A plan's trigger hook, stored: settings are checked (core/trigger-hook.ts), header and secret values are
 * sealed together (auth/secret-box.ts) for this workspace and plan, and only their names stay in clear.
 * Shared by the API (`PUT /test_plans/{id}/trigger_hook`) and the CLI (`verdict hooks set`).
 */
import type { SecretBox } from '../auth/secret-box.js';
import { VerdictError } from '../core/errors.js';
import { hookProblem, type HookSettings } from '../core/trigger-hook.js';
import type { Db } from '../store/dialect.js';
import { findTriggerHook, saveTriggerHook, type TriggerHookRow } from '../store/trigger-repository.js';

/** What a sealed value is bound to: another plan's row cannot open it. */
const contextOf = (workspaceId: number, planId: number) => `trigger_hook:${workspaceId}:${planId}`;

export async function saveHook(db: Db, box: SecretBox, workspaceId: number, planId: number, settings: HookSettings, now: number): Promise<TriggerHookRow> {
  const problem = hookProblem(settings);
  if (problem) throw new VerdictError('INVALID_REQUEST', `${problem.field} ${problem.message}`, { fieldErrors: [problem] });
  await saveTriggerHook(db, {
    test_plan_id: planId,
    workspace_id: workspaceId,
    url: settings.url,
    method: settings.method,
    header_names: JSON.stringify(Object.keys(settings.headers)),
    secret_names: JSON.stringify(Object.keys(settings.secrets)),
    sealed: box.seal(JSON.stringify({ headers: settings.headers, secrets: settings.secrets }), contextOf(workspaceId, planId)),
    body: settings.body === null ? null : JSON.stringify(settings.body),
    timeout_minutes: settings.timeoutMinutes,
    created_at: now,
    updated_at: now,
  });
  return (await findTriggerHook(db, workspaceId, planId))!;
}

/** The hook's header and secret values; throws when this server's key did not seal them. */
export function openHookSecrets(box: SecretBox, hook: TriggerHookRow): { headers: Record<string, string>; secrets: Record<string, string> } {
  return JSON.parse(box.open(hook.sealed, contextOf(hook.workspace_id, hook.test_plan_id)));
}
