/**
 * The webhook outbox: finished runs recorded in the transaction that finished them, deliveries queued
 * before they are tried, and their outcomes. No rules here: when to retry is the dispatch job's.
 */
import type { Insertable } from 'kysely';
import type { Db, DialectTraits } from './dialect.js';
import type { WebhookDeliveryTable } from './schema.js';

export async function recordRunEvents(db: Db, traits: DialectTraits, events: readonly { workspaceId: number; runId: number; kind: string; at: number }[]): Promise<void> {
  if (!events.length) return;
  const ids = await traits.allocateIds(db, 'run_events', events.length);
  await db.insertInto('run_events').values(events.map((e, i) => ({ id: ids[i]!, workspace_id: e.workspaceId, test_run_id: e.runId, kind: e.kind, at: e.at, dispatched: 0 as const }))).execute();
}

export function undispatchedEvents(db: Db, limit: number) {
  return db.selectFrom('run_events').selectAll().where('dispatched', '=', 0).orderBy('id').limit(limit).execute();
}

export async function markDispatched(db: Db, id: number): Promise<void> {
  await db.updateTable('run_events').set({ dispatched: 1 }).where('id', '=', id).execute();
}

export async function insertWebhook(db: Db, traits: DialectTraits, row: { workspace_id: number; url: string; events: string; format: 'json' | 'slack'; created_at: number }, seal: (id: number) => string): Promise<number> {
  const [id] = await traits.allocateIds(db, 'webhooks', 1);
  await db.insertInto('webhooks').values({ id: id!, ...row, secret_sealed: seal(id!) }).execute();
  return id!;
}

export function listWebhooks(db: Db, workspaceId: number) {
  return db.selectFrom('webhooks').selectAll().where('workspace_id', '=', workspaceId).orderBy('id').execute();
}

export function findWebhook(db: Db, workspaceId: number, id: number) {
  return db.selectFrom('webhooks').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export async function deleteWebhook(db: Db, workspaceId: number, id: number): Promise<boolean> {
  await db.deleteFrom('webhook_deliveries').where('workspace_id', '=', workspaceId).where('webhook_id', '=', id).execute();
  const r = await db.deleteFrom('webhooks').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function queueDeliveries(db: Db, traits: DialectTraits, rows: readonly Omit<Insertable<WebhookDeliveryTable>, 'id'>[]): Promise<void> {
  if (!rows.length) return;
  const ids = await traits.allocateIds(db, 'webhook_deliveries', rows.length);
  await db.insertInto('webhook_deliveries').values(rows.map((r, i) => ({ ...r, id: ids[i]! }))).execute();
}

export function dueDeliveries(db: Db, now: number, limit: number) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .select(['d.id', 'd.workspace_id', 'd.webhook_id', 'd.event', 'd.payload', 'd.attempts', 'w.url', 'w.secret_sealed'])
    .where('d.status', '=', 'pending')
    .where('d.next_attempt_at', '<=', now)
    .orderBy('d.next_attempt_at')
    .orderBy('d.id')
    .limit(limit)
    .execute();
}

export async function recordAttempt(db: Db, id: number, outcome: { status: 'pending' | 'delivered' | 'failed'; attempts: number; nextAttemptAt: number; lastStatus: number | null; lastError: string | null; deliveredAt: number | null }): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: outcome.status, attempts: outcome.attempts, next_attempt_at: outcome.nextAttemptAt, last_status: outcome.lastStatus, last_error: outcome.lastError, delivered_at: outcome.deliveredAt })
    .where('id', '=', id)
    .execute();
}

export function deliveriesOf(db: Db, workspaceId: number, webhookId: number, limit: number) {
  return db.selectFrom('webhook_deliveries').selectAll().where('workspace_id', '=', workspaceId).where('webhook_id', '=', webhookId).orderBy('id', 'desc').limit(limit).execute();
}

/** Deliveries not yet delivered nor given up: what the operators' outbox-depth gauge shows. */
export async function pendingDeliveries(db: Db): Promise<number> {
  const row = await db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
  return Number(row.n);
}
