/**
 * One error handler, one JSON shape (reference.md §7): {timeStamp, error, code, fieldErrors, objectErrors}.
 * Whatever goes wrong, a client gets this body; only a bug gives 500, and its details go to the log only.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VerdictError, type ErrorCode } from '../core/errors.js';
import { classifyError } from './classify-error.js';

export function errorBody(code: ErrorCode, message: string, details: VerdictError['details'] = {}) {
  return {
    timeStamp: new Date().toISOString(),
    error: message,
    code,
    fieldErrors: details.fieldErrors ?? null,
    objectErrors: null,
    ...(details.position !== undefined ? { position: details.position, length: details.length ?? 1 } : {}),
    ...(details.reason !== undefined ? { reason: details.reason } : {}),
  };
}

export function sendError(reply: FastifyReply, error: VerdictError) {
  return reply.status(error.status).type('application/json').send(errorBody(error.code, error.message, error.details));
}

export function installErrorHandlers(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    // The socket, not the request stream: a request whose body was read in full is "destroyed" too.
    const clientGone = request.raw.socket?.destroyed === true || (request.raw as { aborted?: boolean }).aborted === true;
    const error = classifyError(err, clientGone);
    if (error.status >= 500) request.log[error.code === 'INTERNAL' ? 'error' : 'warn']({ err }, error.message);
    return sendError(reply, error);
  });
  app.setNotFoundHandler(notFound);
}

/** No such route. Under /api it runs after the key check (app.ts), so a request without a key gets 401 first. */
export function notFound(request: FastifyRequest, reply: FastifyReply) {
  return sendError(reply, new VerdictError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
}
