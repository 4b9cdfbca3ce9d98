/**
 * Trigger hooks and hook outcomes as API JSON. A hook's header and secret values never leave the server:
 * their names are listed with a mask instead.
 */
import { formatApiTime } from '../core/time.js';
import { hookSucceeded, type HookOutcome } from '../core/trigger-hook.js';
import type { TriggerHookRow } from '../store/trigger-repository.js';

export const MASK = '********';

const masked = (namesJson: string) => Object.fromEntries((JSON.parse(namesJson) as string[]).map((name) => [name, MASK]));

export function presentTriggerHook(row: TriggerHookRow) {
  return {
    testPlanId: row.test_plan_id,
    url: row.url,
    method: row.method,
    headers: masked(row.header_names),
    secrets: masked(row.secret_names),
    body: row.body === null ? null : (JSON.parse(row.body) as unknown),
    timeoutMinutes: row.timeout_minutes,
    createdAt: formatApiTime(row.created_at),
    updatedAt: formatApiTime(row.updated_at),
  };
}

/** The trigger answer's `triggerHook`: what the plan's hook answered (epoch-ms time, as in the v1 body). */
export function presentHookOutcome(outcome: HookOutcome | null) {
  if (!outcome) return null;
  return { called: true, succeeded: hookSucceeded(outcome), statusCode: outcome.statusCode, error: outcome.error, calledAt: outcome.calledAt, durationMs: outcome.durationMs };
}
