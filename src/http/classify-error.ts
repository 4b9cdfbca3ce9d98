/**
 * Every error, classified once and truthfully: 4xx only for what the client can fix (naming the field
 * where there is one), 503 for ours that a retry may cure (database away, storage full), 500 for bugs.
 * Pure: the error and whether the client had hung up go in, a VerdictError comes out.
 */
import type { FastifyError } from 'fastify';
import { ERRORS, VerdictError, type ErrorCode, type FieldError } from '../core/errors.js';

/** What an error may carry, from Fastify, Node, pg or better-sqlite3. */
type AnyError = Error & { code?: string; statusCode?: number; validation?: FastifyError['validation']; validationContext?: string };

export function classifyError(err: AnyError, clientGone: boolean): VerdictError {
  if (err instanceof VerdictError) return err;
  const fromRequest = requestError(err);
  if (fromRequest) return fromRequest;
  if (isStorageFull(err)) return new VerdictError('STORAGE_FULL');
  if (isDatabaseUnavailable(err)) return new VerdictError('DATABASE_UNAVAILABLE');
  // A transport error on a request whose client has gone is its hang-up, not our failure.
  if (clientGone && isTransportError(err)) return new VerdictError('INVALID_REQUEST', 'the request was closed by the client before it was complete');
  return new VerdictError('INTERNAL');
}

/** `/machines/0/suites/1/name` -> `machines[0].suites[1].name` */
function fieldPath(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (extra) parts.push(extra);
  return parts.reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : path ? `${path}.${p}` : p), '');
}

/** The request's own faults, as Fastify reports them: schema violations name the field. */
function requestError(err: AnyError): VerdictError | undefined {
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

/** SQLite's SQLITE_FULL, PostgreSQL's disk_full (53100), and the file system's own. */
function isStorageFull(err: AnyError): boolean {
  return ['SQLITE_FULL', '53100', 'ENOSPC', 'EDQUOT'].includes(err.code ?? '');
}

/**
 * The database is away or out of resources: 503, so clients retry. PostgreSQL classes 08 (connection),
 * 57P (shut down), 53 (resources: memory, connections); pool and socket failures; SQLite busy or locked.
 */
function isDatabaseUnavailable(err: AnyError): boolean {
  const code = err.code ?? '';
  return /^(08|57P|53)/.test(code) || ['ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR'].includes(code) || /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(err.message);
}

function isTransportError(err: AnyError): boolean {
  return ['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'ECONNABORTED', 'EPIPE'].includes(err.code ?? '') || err.message === 'aborted' || /premature close|Unexpected end of form/i.test(err.message);
}
