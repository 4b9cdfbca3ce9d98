import type { FastifyRequest } from 'fastify';
import type { KeyAuthenticator } from '../auth/key-cache.js';
import { VerdictError } from '../core/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The workspace of the request's API key; every query is scoped by it. */
    workspaceId: number;
  }
}

/** `X-TS-API-KEY: <key>` (checked first, as the original does) or `Authorization: Bearer <key>`. */
export function presentedKey(request: FastifyRequest): string | undefined {
  const header = request.headers['x-ts-api-key'];
  if (typeof header === 'string' && header) return header.trim();
  const auth = request.headers.authorization;
  const match = auth?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** `failures` counts wrong keys per client address (rate-limit.ts), so guessing is throttled. */
export function authHook(authenticate: KeyAuthenticator, failures?: { count(id: string): void }) {
  return async (request: FastifyRequest) => {
    const key = presentedKey(request);
    if (!key) throw new VerdictError('UNAUTHORIZED', 'No API key in the request: send "Authorization: Bearer <key>" or "X-TS-API-KEY: <key>"');
    const found = await authenticate(key);
    if (!found) {
      failures?.count(`ip:${request.ip}`);
      throw new VerdictError('UNAUTHORIZED', 'Incorrect or revoked API key');
    }
    request.workspaceId = found.workspaceId;
  };
}
