/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Path=/,
 * and Secure when the request came over HTTPS (as seen by the server, or told by a trusted proxy:
 * VERDICT_TRUST_PROXY). Over HTTPS it is named `__Host-verdict_session`, which browsers accept only with
 * Secure, Path=/ and no Domain, so no sibling host can plant or shadow it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const PLAIN = 'verdict_session';
const HOST_ONLY = '__Host-verdict_session';

const secure = (request: FastifyRequest) => request.protocol === 'https';

/** The session id the request carries, if any (either name: a server moved behind HTTPS keeps its sessions). */
export function presentedSession(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  let found: string | undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const name = part.slice(0, at).trim();
    if (name === HOST_ONLY || (name === PLAIN && found === undefined)) found = part.slice(at + 1).trim();
  }
  return found || undefined;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, id: string, maxAgeMs: number): void {
  const attributes = `Path=/; Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}; HttpOnly; SameSite=Strict`;
  reply.header('Set-Cookie', secure(request) ? `${HOST_ONLY}=${id}; ${attributes}; Secure` : `${PLAIN}=${id}; ${attributes}`);
}

/** Tells the browser to forget the cookie, under both names. */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  const gone = 'Path=/; Max-Age=0; HttpOnly; SameSite=Strict';
  reply.header('Set-Cookie', secure(request) ? [`${HOST_ONLY}=; ${gone}; Secure`, `${PLAIN}=; ${gone}`] : [`${PLAIN}=; ${gone}`]);
}
