/**
 * One error handler, one JSON shape (reference.md §7): {timeStamp, error, code, fieldErrors, objectErrors}.
 * Whatever goes wrong, a client gets this body; only a bug gives 500, and its details go to the log only.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, VerdictError, type ErrorCode, type FieldError } from '../core/errors.js';

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

/** `/machines/0/suites/1/name` -> `machines[0].suites[1].name` */
function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (extra) parts.push(extra);
  return parts.reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : path ? `${path}.${p}` : p), '');
}

function fromFastify(err: FastifyError): VerdictError | undefined {
  if (err.validation) {
    const where = err.validationContext ?? 'body';
    const fieldErrors: FieldError[] = err.validation.map((v) => {
      const params = v.params as Record<string, unknown>;
      const extra = (params.additionalProperty ?? params.missingProperty) as string | undefined;
      const field = fieldPath(v.instancePath, extra) || where;
      const message = params.additionalProperty ? 'is not a known field' : (v.message ?? 'is invalid');
      return { field, message };
    });
    const first = fieldErrors[0]!;
    return new VerdictError('INVALID_REQUEST', `${where} ${first.field === where ? '' : `${first.field} `}${first.message}`.replace(/\s+/g, ' '), { fieldErrors });
  }
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new VerdictError('PAYLOAD_TOO_LARGE', err.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new VerdictError('UNSUPPORTED_MEDIA_TYPE', err.message);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new VerdictError('INVALID_REQUEST', `the body is not valid JSON: ${err.message}`);
  }
  if (err instanceof SyntaxError) return new VerdictError('INVALID_REQUEST', `the body is not valid JSON: ${err.message}`);
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    const code = (Object.keys(ERRORS) as ErrorCode[]).find((c) => ERRORS[c].status === err.statusCode) ?? 'INVALID_REQUEST';
    return new VerdictError(code, err.message);
  }
  return undefined;
}

/** Database connection failures become 503 so clients retry instead of giving up. */
function isDatabaseUnavailable(err: Error & { code?: string }): boolean {
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '08003'].includes(err.code ?? '') || /Connection terminated|timeout exceeded when trying to connect/i.test(err.message);
}

export function installErrorHandlers(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof VerdictError) return sendError(reply, err);
    // The client hung up mid-request (an upload cut off): the transaction has rolled back; nobody is
    // listening for an answer, and it is not our failure.
    if (request.raw.destroyed || (request.raw as { aborted?: boolean }).aborted) {
      request.log.info({ err: err.message }, 'client closed the request');
      return sendError(reply, new VerdictError('INVALID_REQUEST', 'the request was closed by the client before it was complete'));
    }
    const known = fromFastify(err);
    if (known) return sendError(reply, known);
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err }, 'database unavailable');
      return sendError(reply, new VerdictError('DATABASE_UNAVAILABLE'));
    }
    request.log.error({ err }, 'unexpected error');
    return sendError(reply, new VerdictError('INTERNAL'));
  });
  app.setNotFoundHandler(notFound);
}

/** No such route. Under /api it runs after the key check (app.ts), so a request without a key gets 401 first. */
export function notFound(request: FastifyRequest, reply: FastifyReply) {
  return sendError(reply, new VerdictError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`));
}
