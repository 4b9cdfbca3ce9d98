/**
 * What protects the server before a route runs: timeouts that close stalled connections, JSON answers to
 * malformed requests Node or the router reject (431, 400), and security headers on every answer.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { VerdictError } from '../core/errors.js';
import { errorBody } from './error-handler.js';

export interface Timeouts {
  /** A connection that sends nothing for this long is closed. */
  idleMs: number;
  /** The longest a request may take to arrive, body included. */
  requestMs: number;
  headersMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { idleMs: 30_000, requestMs: 600_000, headersMs: 20_000 };

/** Fastify's options for them: Node closes what exceeds them; a stalled upload holds no database connection meanwhile (ingest/upload-spool.ts). */
export function timeoutOptions(t: Timeouts) {
  return { connectionTimeout: t.idleMs, requestTimeout: t.requestMs };
}

export function applyTimeouts(app: FastifyInstance, t: Timeouts): void {
  app.server.headersTimeout = Math.min(t.headersMs, t.requestMs);
}

/** Requests Node refuses before Fastify sees them (headers too large, a broken request line) still get the JSON error body. */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const error =
    err.code === 'HPE_HEADER_OVERFLOW' ? new VerdictError('HEADERS_TOO_LARGE')
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? new VerdictError('REQUEST_TIMEOUT')
    : new VerdictError('INVALID_REQUEST', 'the request is malformed HTTP');
  const body = JSON.stringify(errorBody(error.code, error.message));
  socket.end(`HTTP/1.1 ${error.status} ${error.code}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** A URL the router cannot decode (`/%E0%A4%A`) is a JSON 400, like every other error. */
export function frameworkErrors(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply) {
  const message = error.code === 'FST_ERR_BAD_URL' ? `the URL cannot be decoded: ${request.url.slice(0, 200)}` : error.message;
  return reply.status(400).type('application/json').send(errorBody('INVALID_REQUEST', message));
}

/**
 * Security headers: nothing is sniffed, nothing is framed, and pages load only the server's own scripts.
 * The UI's inline styles are allowed (React style attributes, chart SVGs); everything else is 'self'.
 * The API documentation page keeps plain HTTP working: no upgrade-insecure-requests.
 */
const UI_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
const DOCS_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

export function securityHeaders(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) {
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('X-Frame-Options', 'DENY');
  reply.header('Referrer-Policy', 'same-origin');
  const path = request.url.split('?')[0]!;
  const policy = path.startsWith('/api/docs') ? DOCS_POLICY : path.startsWith('/api/') || path === '/metrics' ? API_POLICY : UI_POLICY;
  // A route that set its own (an attachment, sandboxed) keeps it.
  if (!reply.hasHeader('Content-Security-Policy')) reply.header('Content-Security-Policy', policy);
  done(null, payload);
}
