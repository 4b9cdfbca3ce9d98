/**
 * Webhook rules (pure): which events exist, how a delivery is signed, when a failed one is tried again,
 * and what a Slack-compatible body says.
 */
import { createHmac } from 'node:crypto';

export const WEBHOOK_EVENTS = ['run.finished', 'run.failed', 'test.new_failure'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const WEBHOOK_FORMATS = ['json', 'slack'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** `X-Verdict-Signature`: `sha256=` and the hex HMAC-SHA256 of the exact body, keyed by the webhook's secret. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** Tries after the first: 30 s, 1, 2, 4 ... minutes, at most an hour apart; given up after this many. */
export const MAX_ATTEMPTS = 12;
export function retryDelayMs(attempts: number): number {
  return Math.min(3600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

export interface RunFacts {
  id: number;
  planName: string;
  buildNo: string | null;
  result: string;
  url: string;
  total: number;
  failed: number;
  newFailures: { name: string; message: string | null }[];
}

/** The body of a delivery: Verdict's JSON, or a Slack message (`text`, which Slack, Mattermost and Teams connectors read). */
export function webhookBody(format: WebhookFormat, event: WebhookEvent, run: RunFacts, at: number): string {
  if (format === 'json') return JSON.stringify({ event, at: new Date(at).toISOString(), run });
  const head = `${event === 'test.new_failure' ? ':new: New failures' : run.result === 'SUCCESS' ? ':white_check_mark: Passed' : ':x: Failed'}: ${run.planName} run #${run.id}${run.buildNo ? ` (build ${run.buildNo})` : ''}`;
  const counts = `${run.failed} of ${run.total} tests failed`;
  const news = run.newFailures.slice(0, 10).map((f) => `• ${f.name}${f.message ? `: ${f.message.slice(0, 140)}` : ''}`);
  return JSON.stringify({ text: [`${head}: <${run.url}|open>`, counts, ...news].join('\n') });
}
