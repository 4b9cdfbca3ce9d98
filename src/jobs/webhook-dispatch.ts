/**
 * The webhook job. A pass fans each finished run recorded in the outbox (`run_events`, written in the
 * transaction that finished the run) out into deliveries for the workspace's webhooks, queued in the
 * database before anything is sent; then it sends the deliveries that are due, signed, and records each
 * outcome: delivered, tried again later with backoff, or given up after MAX_ATTEMPTS. A restart loses
 * nothing: both queues are tables. On PostgreSQL one node runs a pass at a time (store/job-repository.ts).
 *
 * The server runs a pass on an interval, and soon after it hears of a finished run in process.
 */
import { MAX_ATTEMPTS, retryDelayMs, signBody, webhookBody, type WebhookEvent, type WebhookFormat } from '../core/webhooks.js';
import type { SecretBox } from '../auth/secret-box.js';
import type { Store } from '../store/dialect.js';
import { inJobTurn } from '../store/job-repository.js';
import { dueDeliveries, listWebhooks, markDispatched, queueDeliveries, recordAttempt, undispatchedEvents } from '../store/outbox-repository.js';
import { findRunWithPlan } from '../store/run-repository.js';
import { compareOf, resultApartFromQuarantine } from '../triage/run-triage.js';

export const WEBHOOK_EVERY_MS = 10_000;
const BATCH = 50;
const SEND_TIMEOUT_MS = 10_000;

export interface WebhookDeps {
  store: Store;
  secrets: SecretBox;
  clock: () => number;
  publicUrl: string;
}

export const webhookSecretContext = (workspaceId: number, webhookId: number) => `webhook:${workspaceId}:${webhookId}`;

export function webhookDispatch(deps: WebhookDeps) {
  const { db } = deps.store;

  /** Queues the deliveries of finished runs not yet fanned out, each run in one transaction with its mark. */
  async function fanOut(): Promise<void> {
    for (;;) {
      const events = await undispatchedEvents(db, BATCH);
      for (const event of events) {
        await db.transaction().execute(async (trx) => {
          const hooks = (await listWebhooks(trx, event.workspace_id)).map((h) => ({ ...h, subscribed: JSON.parse(h.events) as WebhookEvent[] }));
          const run = await findRunWithPlan(trx, event.workspace_id, event.test_run_id);
          if (run && hooks.length) {
            const apart = await resultApartFromQuarantine(trx, event.workspace_id, run, deps.clock());
            const { comparison } = await compareOf(trx, event.workspace_id, run);
            const facts = {
              id: run.id,
              planName: run.plan_name,
              buildNo: run.build_no,
              result: apart.result,
              url: `${deps.publicUrl.replace(/\/+$/, '')}/runs/${run.id}`,
              total: Number(run.total_count),
              failed: Number(run.failed_count) + Number(run.aborted_count),
              newFailures: (comparison?.newFailures ?? []).map((c) => ({ name: c.name, message: c.message })),
            };
            const happened: WebhookEvent[] = ['run.finished', ...(apart.result !== 'SUCCESS' ? (['run.failed'] as const) : []), ...(facts.newFailures.length ? (['test.new_failure'] as const) : [])];
            const now = deps.clock();
            await queueDeliveries(
              trx,
              deps.store.traits,
              hooks.flatMap((h) =>
                happened
                  .filter((e) => h.subscribed.includes(e))
                  .map((e) => ({ workspace_id: h.workspace_id, webhook_id: h.id, test_run_id: run.id, event: e, payload: webhookBody(h.format as WebhookFormat, e, facts, event.at), status: 'pending' as const, attempts: 0, next_attempt_at: now, last_status: null, last_error: null, created_at: now, delivered_at: null })),
              ),
            );
          }
          await markDispatched(trx, event.id);
        });
      }
      if (events.length < BATCH) return;
    }
  }

  /** Sends what is due; each outcome is recorded at once, so a crash mid-pass repeats at most one delivery. */
  async function deliver(): Promise<number> {
    let sent = 0;
    for (const d of await dueDeliveries(db, deps.clock(), BATCH)) {
      const attempts = d.attempts + 1;
      let lastStatus: number | null = null;
      let lastError: string | null = null;
      try {
        const secret = deps.secrets.open(d.secret_sealed, webhookSecretContext(d.workspace_id, d.webhook_id));
        const response = await fetch(d.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Verdict-Webhook', 'x-verdict-event': d.event, 'x-verdict-delivery': String(d.id), 'x-verdict-signature': signBody(secret, d.payload) },
          body: d.payload,
          redirect: 'manual',
          signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        });
        lastStatus = response.status;
        await response.body?.cancel();
      } catch (e) {
        lastError = (e as Error).name === 'TimeoutError' ? `no answer within ${SEND_TIMEOUT_MS / 1000} s` : ((e as Error & { cause?: Error }).cause?.message ?? (e as Error).message);
      }
      const now = deps.clock();
      const delivered = lastStatus !== null && lastStatus >= 200 && lastStatus < 300;
      if (!delivered && lastStatus !== null) lastError = `the receiver answered HTTP ${lastStatus}`;
      await recordAttempt(db, d.id, {
        status: delivered ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
        attempts,
        nextAttemptAt: delivered ? now : now + retryDelayMs(attempts),
        lastStatus,
        lastError,
        deliveredAt: delivered ? now : null,
      });
      if (delivered) sent++;
    }
    return sent;
  }

  let running: Promise<number> | undefined;
  return {
    /** One pass: fan out, then deliver what is due; returns the deliveries that succeeded. A pass running is joined. */
    pass(): Promise<number> {
      running ??= (async () => {
        let sent = 0;
        await inJobTurn(deps.store, 'webhook-dispatch', async () => {
          await fanOut();
          sent = await deliver();
        });
        return sent;
      })().finally(() => (running = undefined));
      return running;
    },
  };
}
