import type { FastifyReply, FastifyRequest } from 'fastify';
import type { KeyAuthenticator } from '../auth/key-cache.js';
import { resumeSession, type Session, type SessionPolicy } from '../auth/sessions.js';
import { VerdictError } from '../core/errors.js';
import type { Store } from '../store/dialect.js';
import { clearSessionCookie, presentedSession } from './session-cookie.js';

/** How the request proved itself: an API key (scripts, CI) or the web UI's session cookie. */
export type Authentication = { kind: 'key'; keyId: number } | { kind: 'session'; session: Session };

declare module 'fastify' {
  interface FastifyRequest {
    /** The workspace of the request's API key or session; every query is scoped by it. */
    workspaceId: number;
    authentication: Authentication;
  }
}

/** The header the web UI sends with every request; a page of another site cannot send it without a CORS preflight, which Verdict never grants. */
export const UI_REQUEST_HEADER = 'x-verdict-request';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `X-TS-API-KEY: <key>` (checked first, as the original does) or `Authorization: Bearer <key>`. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-ts-api-key'];
  if (typeof header === 'string' && header) return header.trim();
  const auth = request.headers.authorization;
  const match = auth?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/**
 * A key, when one is sent, decides (API clients never depend on cookies); else the session cookie.
 * A write authenticated by the cookie alone must carry `X-Verdict-Request` and must not come from
 * another site (`Sec-Fetch-Site`): SameSite=Strict already keeps the cookie off other sites' requests,
 * this is the second lock against cross-site request forgery.
 * `failures` counts wrong credentials per client address (rate-limit.ts), so guessing is throttled.
 */
export function authHook(authenticate: KeyAuthenticator, store: Store, policy: SessionPolicy, clock: () => number, failures?: { count(id: string): void }) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const key = presentedKey(request);
    if (key) {
      const found = await authenticate(key);
      if (!found) {
        failures?.count(`ip:${request.ip}`);
        throw new VerdictError('UNAUTHORIZED', 'Incorrect or revoked API key');
      }
      request.workspaceId = found.workspaceId;
      request.authentication = { kind: 'key', keyId: found.keyId };
      return;
    }
    const sessionId = presentedSession(request);
    if (!sessionId) throw new VerdictError('UNAUTHORIZED', 'No API key in the request: send "Authorization: Bearer <key>" or "X-TS-API-KEY: <key>"');
    const session = await resumeSession(store, sessionId, clock(), policy);
    if (!session) {
      failures?.count(`ip:${request.ip}`);
      clearSessionCookie(request, reply);
      throw new VerdictError('UNAUTHORIZED', 'The session has ended (signed out, expired, or its key was revoked): sign in again');
    }
    if (!SAFE_METHODS.has(request.method) && (!request.headers[UI_REQUEST_HEADER] || request.headers['sec-fetch-site'] === 'cross-site')) {
      throw new VerdictError('FORBIDDEN', `A change made with the session cookie needs the ${UI_REQUEST_HEADER} header and must come from Verdict's own pages`);
    }
    request.workspaceId = session.workspaceId;
    request.authentication = { kind: 'session', session };
  };
}
