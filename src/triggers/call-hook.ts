/**
 * Calls a trigger hook: one HTTP request with a time limit, redirects not followed (a redirect would carry
 * the secret headers elsewhere; it counts as a failure). Only the status matters: the answer's body is
 * neither read nor kept, so the server cannot be used to read what the URL returns.
 */
import { HOOK_CALL_TIMEOUT_MS, type HookMethod, type HookOutcome } from '../core/trigger-hook.js';

export interface HookRequest {
  url: string;
  method: HookMethod;
  headers: Record<string, string>;
  /** JSON text, or null for no body. */
  body: string | null;
}

export async function callHook(request: HookRequest, clock: () => number, timeoutMs = HOOK_CALL_TIMEOUT_MS): Promise<HookOutcome> {
  const calledAt = clock();
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): HookOutcome => ({ calledAt, durationMs: Math.round(performance.now() - started), statusCode, error });
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: { 'user-agent': 'verdict-trigger', ...(request.body !== null ? { 'content-type': 'application/json' } : {}), ...request.headers },
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel().catch(() => {});
    return done(response.status, null);
  } catch (e) {
    return done(null, describe(e, timeoutMs));
  }
}

/** fetch's errors, in words: the cause (`connect ECONNREFUSED 127.0.0.1:9`) rather than "fetch failed". */
function describe(e: unknown, timeoutMs: number): string {
  const error = e as Error & { cause?: Error & { code?: string } };
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `it did not answer within ${timeoutMs / 1000} s`;
  const cause = error.cause;
  return cause?.message || error.message || String(e);
}
