/**
 * Web UI sessions (auth/sessions.ts): the UI signs in once with an API key and its tabs share the cookie.
 *
 *   POST   /sessions          with `Authorization: Bearer <key>`: starts a session, Set-Cookie (HttpOnly, SameSite=Strict)
 *   GET    /sessions/current  who the request is: workspace, how it authenticated, when its session ends
 *   DELETE /sessions/current  signs out: the session ends for every tab
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { endSession, startSession, type SessionPolicy } from '../../auth/sessions.js';
import { VerdictError } from '../../core/errors.js';
import { findWorkspaceName } from '../../store/session-repository.js';
import type { RouteDeps } from '../app.js';
import { clearSessionCookie, setSessionCookie } from '../session-cookie.js';

const tags = ['sessions'];

const SessionBody = Type.Object({
  workspaceId: Type.Integer(),
  workspaceName: Type.String(),
  authenticatedBy: Type.Union([Type.Literal('session'), Type.Literal('key')]),
  expiresAt: Type.Union([Type.String({ format: 'date-time', description: 'When the session ends unless used again (each use moves it on)' }), Type.Null()]),
  endsAt: Type.Union([Type.String({ format: 'date-time', description: 'When the session ends however much it is used' }), Type.Null()]),
});

const iso = (ms: number) => new Date(ms).toISOString();

export function sessionRoutes(deps: RouteDeps, policy: SessionPolicy): FastifyPluginAsyncTypebox {
  const { store } = deps;
  return async (app) => {
    app.post(
      '/sessions',
      {
        schema: {
          tags,
          operationId: 'createSession',
          summary: 'Sign in to the web UI: the API key in the Authorization header starts a session held in an HttpOnly, SameSite=Strict cookie',
          response: { 201: { ...SessionBody, description: 'Signed in; the session id is in Set-Cookie only' } },
        },
      },
      async (req, reply) => {
        const auth = req.authentication;
        if (auth.kind !== 'key') throw new VerdictError('INVALID_REQUEST', 'Sign in with an API key (Authorization: Bearer <key>), not with a session');
        const now = deps.clock();
        const session = await startSession(store, { keyId: auth.keyId, workspaceId: req.workspaceId }, now, policy);
        const workspace = await findWorkspaceName(store.db, req.workspaceId);
        setSessionCookie(req, reply, session.id, session.endsAt - now);
        return reply.status(201).send({ workspaceId: req.workspaceId, workspaceName: workspace?.name ?? '', authenticatedBy: 'session', expiresAt: iso(session.expiresAt), endsAt: iso(session.endsAt) });
      },
    );

    app.get(
      '/sessions/current',
      { schema: { tags, operationId: 'getCurrentSession', summary: 'Who this request is: its workspace, and its session when it came with the cookie', response: { 200: SessionBody } } },
      async (req) => {
        const auth = req.authentication;
        if (auth.kind === 'session') {
          const s = auth.session;
          return { workspaceId: s.workspaceId, workspaceName: s.workspaceName, authenticatedBy: 'session' as const, expiresAt: iso(s.expiresAt), endsAt: iso(s.endsAt) };
        }
        const workspace = await findWorkspaceName(store.db, req.workspaceId);
        return { workspaceId: req.workspaceId, workspaceName: workspace?.name ?? '', authenticatedBy: 'key' as const, expiresAt: null, endsAt: null };
      },
    );

    app.delete(
      '/sessions/current',
      { schema: { tags, operationId: 'endSession', summary: 'Sign out: the session ends, in every tab that shares it', response: { 204: Type.Null({ description: 'Signed out' }) } } },
      async (req, reply) => {
        const auth = req.authentication;
        if (auth.kind === 'session') await endSession(store, auth.session.idHash);
        clearSessionCookie(req, reply);
        return reply.status(204).send(null);
      },
    );
  };
}
