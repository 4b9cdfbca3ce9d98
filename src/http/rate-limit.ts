/**
 * What keeps one client from swamping the server, without throttling CI:
 * - a rate per API key or web UI session (per client address when neither is sent): a token bucket that holds a minute's
 *   worth, so a client at or under the rate is never refused and bursts are absorbed; past it, 429;
 * - a fair share of the workers per key or session (fair-share.ts): requests past it wait their turn rather
 *   than fail; an event stream (GET .../events) stays open for as long as a page does, so it takes no turn;
 * - failed authentications per client address, in fixed one-minute windows: an address that presents more
 *   wrong keys than the limit gets 429 for every request until its window ends, so a guess never starts fresh.
 * A 429 has `Retry-After` and the JSON error body. The counters live in this process; behind a load
 * balancer each node enforces its own share.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VerdictError } from '../core/errors.js';
import { presentedKey } from './auth.js';
import { fairShare } from './fair-share.js';
import { presentedSession } from './session-cookie.js';

const WINDOW_MS = 60_000;
/** Requests of one client that may wait for a turn; more at once is a runaway, not a CI. */
const MAX_WAITING = 5_000;

/** Counts events per id in fixed one-minute windows; `over` says how long until the id may go on. */
export function windowCounter(perMinute: number, clock: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = clock();
  const current = (id: string, now: number) => {
    if (now - lastSweep > WINDOW_MS) {
      for (const [k, w] of windows) if (now - w.start >= WINDOW_MS) windows.delete(k);
      lastSweep = now;
    }
    let window = windows.get(id);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      windows.set(id, window);
    }
    return window;
  };
  return {
    count(id: string): void {
      if (perMinute > 0) current(id, clock()).count++;
    },
    /** Seconds to wait when the id is over the limit, else undefined. */
    over(id: string): number | undefined {
      if (perMinute <= 0) return undefined;
      const now = clock();
      const window = current(id, now);
      return window.count > perMinute ? Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000)) : undefined;
    },
  };
}

export type AuthFailures = ReturnType<typeof windowCounter>;

/** Requests per id at `perMinute`, in buckets of a minute's worth; `take` says how long to wait when empty. */
export function tokenBuckets(perMinute: number, clock: () => number = Date.now) {
  const perMs = perMinute / WINDOW_MS;
  const buckets = new Map<string, { tokens: number; at: number }>();
  let lastSweep = clock();
  return {
    /** Takes one token; seconds until one is there when there is none, else undefined. */
    take(id: string): number | undefined {
      if (perMinute <= 0) return undefined;
      const now = clock();
      if (now - lastSweep > WINDOW_MS) {
        // A bucket a minute idle is full again: forget it.
        for (const [k, b] of buckets) if (now - b.at >= WINDOW_MS) buckets.delete(k);
        lastSweep = now;
      }
      const bucket = buckets.get(id) ?? { tokens: perMinute, at: now };
      bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * perMs);
      bucket.at = now;
      buckets.set(id, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return undefined;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    },
  };
}

export interface ClientLimits {
  perMinute: number;
  /** Requests of one client worked on at once; 0: no share. */
  concurrentPerClient: number;
  authFailures?: AuthFailures;
  clock?: () => number;
}

export function rateLimitHook({ perMinute, concurrentPerClient, authFailures, clock = Date.now }: ClientLimits) {
  const requests = tokenBuckets(perMinute, clock);
  const share = concurrentPerClient > 0 ? fairShare(concurrentPerClient, MAX_WAITING) : undefined;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const blocked = authFailures?.over(`ip:${request.ip}`);
    if (blocked !== undefined) {
      reply.header('Retry-After', String(blocked));
      throw new VerdictError('RATE_LIMITED', `Too many failed authentications from this address; retry in ${blocked} s`);
    }
    const key = presentedKey(request) ?? presentedSession(request);
    // Hash the key (or session id) so the map never holds a secret.
    const id = key ? createHash('sha256').update(key).digest('base64url') : `ip:${request.ip}`;
    const retryAfter = requests.take(id);
    if (retryAfter !== undefined) {
      reply.header('Retry-After', String(retryAfter));
      throw new VerdictError('RATE_LIMITED', `Too many requests: at most ${perMinute} a minute per API key; retry in ${retryAfter} s`);
    }
    if (!share || request.routeOptions.url?.endsWith('/events')) return;
    const turn = share.acquire(id);
    if (!turn) {
      reply.header('Retry-After', '1');
      throw new VerdictError('RATE_LIMITED', `Too many requests at once: ${concurrentPerClient} are worked on and ${MAX_WAITING} wait for this API key; retry in 1 s`);
    }
    const release = await turn;
    // 'close' comes when the answer is sent and when the client goes away first; either frees the turn.
    reply.raw.once('close', release);
    reply.raw.once('finish', release);
  };
}
