/**
 * Per-key rate limiting: a fixed one-minute window per API key (or per client address when no key is
 * sent, which also slows key guessing). Over the limit: 429 with `Retry-After` and the JSON error body.
 * The counters live in this process; behind a load balancer each node enforces its own share.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { VerdictError } from '../core/errors.js';
import { presentedKey } from './auth.js';

const WINDOW_MS = 60_000;

export function rateLimitHook(perMinute: number, clock: () => number = Date.now) {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = clock();
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (perMinute <= 0) return;
    const now = clock();
    if (now - lastSweep > WINDOW_MS) {
      for (const [k, w] of windows) if (now - w.start >= WINDOW_MS) windows.delete(k);
      lastSweep = now;
    }
    const key = presentedKey(request);
    // Hash the key so the map never holds a secret.
    const id = key ? createHash('sha256').update(key).digest('base64url') : `ip:${request.ip}`;
    let window = windows.get(id);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, count: 0 };
      windows.set(id, window);
    }
    window.count++;
    if (window.count > perMinute) {
      const retryAfter = Math.max(1, Math.ceil((window.start + WINDOW_MS - now) / 1000));
      reply.header('Retry-After', String(retryAfter));
      throw new VerdictError('RATE_LIMITED', `Too many requests: at most ${perMinute} a minute per API key; retry in ${retryAfter} s`);
    }
  };
}
