/**
 * Rate limiting in fixed one-minute windows: requests per API key or web UI session (per client address
 * when neither is sent), and failed authentications per client address: an address that presents more wrong keys than
 * the limit gets 429 for every request until its window ends, so each guessed key does not start fresh.
 * Over a limit: 429 with `Retry-After` and the JSON error body. The counters live in this process; behind
 * a load balancer each node enforces its own share.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VerdictError } from '../core/errors.js';
import { presentedKey } from './auth.js';
import { presentedSession } from './session-cookie.js';

const WINDOW_MS = 60_000;

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

export function rateLimitHook(perMinute: number, clock: () => number = Date.now, authFailures?: AuthFailures) {
  const requests = windowCounter(perMinute, clock);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const blocked = authFailures?.over(`ip:${request.ip}`);
    if (blocked !== undefined) {
      reply.header('Retry-After', String(blocked));
      throw new VerdictError('RATE_LIMITED', `Too many failed authentications from this address; retry in ${blocked} s`);
    }
    const key = presentedKey(request) ?? presentedSession(request);
    // Hash the key (or session id) so the map never holds a secret.
    const id = key ? createHash('sha256').update(key).digest('base64url') : `ip:${request.ip}`;
    requests.count(id);
    const retryAfter = requests.over(id);
    if (retryAfter !== undefined) {
      reply.header('Retry-After', String(retryAfter));
      throw new VerdictError('RATE_LIMITED', `Too many requests: at most ${perMinute} a minute per API key; retry in ${retryAfter} s`);
    }
  };
}
