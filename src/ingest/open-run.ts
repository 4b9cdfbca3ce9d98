/**
 * Creating or finding the run a write goes to: the one place that checks a re-run's parent and that a
 * client key finds the run it made before, for every way in.
 */
import { TEXT_LIMITS } from '../core/document.js';
import { VerdictError, invalidField } from '../core/errors.js';
import { fit } from '../core/text.js';
import type { FixedIds } from '../core/normalized.js';
import type { ReRunType, TriggeredType } from '../core/vocabulary.js';
import type { Db, DialectTraits } from '../store/dialect.js';
import { ensureIdentities, PLAN } from '../store/identity-repository.js';
import { resultAndMetricColumns } from '../store/result-rows.js';
import { findKeyedRun, findRun, findRunChild, insertRun, updateRunIf, type RunRow } from '../store/run-repository.js';

/** What a way in says about the run it writes to. The run starts open (QUEUED, in progress), or waiting. */
export interface RunOpening {
  testPlan: string;
  /** The client's key for the run, unique within the plan: opening again with it finds the same run. */
  key?: string | null;
  buildNo?: string | null;
  triggeredType?: TriggeredType | null;
  executor?: string | null;
  startTime?: number | null;
  reRunParentId?: number | null;
  reRunType?: ReRunType | null;
  environment?: Record<string, string> | null;
  /** A trigger's run waits for its CI (STATUS_CREATED) until the first write into it (`takeUpWaitingRun`). */
  waiting?: boolean;
  fixed?: FixedIds;
}

export interface OpenedRun {
  run: RunRow;
  /** False when the key found a run made before. */
  created: boolean;
}

export async function openRun(db: Db, traits: DialectTraits, workspaceId: number, opening: RunOpening, now: number): Promise<OpenedRun> {
  const plan = opening.testPlan.trim();
  if (!plan) throw invalidField('testPlan', 'must be a non-empty plan name', opening.testPlan);
  const planId = (await ensureIdentities(db, traits, workspaceId, PLAN, [{ key: [plan], extra: { created_at: now }, fixedId: opening.fixed?.identityId }])).get(plan)!;
  const key = opening.key?.trim() || null;
  if (key !== null) {
    const existing = await findKeyedRun(db, workspaceId, planId, key);
    if (existing) return { run: existing, created: false };
  }
  if (opening.reRunParentId) await checkReRunParent(db, workspaceId, planId, opening.reRunParentId);

  const id = opening.fixed?.id ?? (await traits.allocateIds(db, 'test_runs', 1))[0]!;
  const metricsId = opening.fixed?.metricsId ?? (await traits.allocateIds(db, 'metrics', 1))[0]!;
  const inserted = await insertRun(db, {
    id,
    workspace_id: workspaceId,
    test_plan_id: planId,
    build_no: fit(opening.buildNo, TEXT_LIMITS.title) ?? null,
    executor: fit(opening.executor, TEXT_LIMITS.title) ?? null,
    triggered_type: opening.triggeredType ?? 'API',
    re_run_type: opening.reRunType ?? (opening.reRunParentId ? 'ONLY_FAILED_TESTS' : null),
    message: null,
    environment: opening.environment && Object.keys(opening.environment).length ? JSON.stringify(opening.environment) : null,
    re_run_parent_id: opening.reRunParentId ?? null,
    client_key: key,
    created_at: now,
    updated_at: now,
    metrics_id: metricsId,
    ...resultAndMetricColumns({ result: 'QUEUED', status: opening.waiting ? 'STATUS_CREATED' : 'STATUS_IN_PROGRESS', startTime: opening.startTime ?? now, endTime: null, duration: null }),
  });
  // Another writer made the run with this key meanwhile: PostgreSQL waited on the unique index for its commit.
  const run = inserted ? await findRun(db, workspaceId, id) : await findKeyedRun(db, workspaceId, planId, key!);
  if (!run) throw new Error(`run key ${key}: the run was neither created nor found`);
  return { run, created: inserted };
}

/**
 * A run waiting for its CI is in progress from the first write into it, whichever way in (import, live),
 * and its start is then, not the trigger. Returns false when it was no longer waiting (another writer came
 * first, or it timed out).
 */
export function takeUpWaitingRun(db: Db, runId: number, now: number): Promise<boolean> {
  return updateRunIf(db, runId, 'STATUS_CREATED', { status: 'STATUS_IN_PROGRESS', start_time: now, updated_at: now });
}

/** A re-run names an existing run of the same plan that has not been re-run yet (a chain has no forks). */
async function checkReRunParent(db: Db, workspaceId: number, planId: number, parentId: number): Promise<void> {
  const parent = await findRun(db, workspaceId, parentId);
  if (!parent) throw invalidField('reRunParentId', `names run ${parentId}, which does not exist`, parentId);
  if (parent.test_plan_id !== planId) throw invalidField('reRunParentId', `names run ${parentId}, which belongs to another plan`, parentId);
  if (await findRunChild(db, workspaceId, parent.id)) throw new VerdictError('CONFLICT', `run ${parent.id} already has a re-run; re-run the latest run of the chain instead`);
}
