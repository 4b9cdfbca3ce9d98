/** Small helpers of the ReportPortal mapping: times as sent, body fingerprints, its errors. */
import { createHash } from 'node:crypto';
import { VerdictError } from '../../core/errors.js';
import { parseRpTime } from '../../core/reportportal.js';

/** ReportPortal's own name for what was not found (the HTTP layer turns it into its error code). */
export type RpNotFound = 'PROJECT_NOT_FOUND' | 'LAUNCH_NOT_FOUND' | 'TEST_ITEM_NOT_FOUND';

export const rpNotFound = (reason: RpNotFound, message: string) => new VerdictError('NOT_FOUND', message, { reason });

export const invalid = (field: string, message: string) => new VerdictError('INVALID_REQUEST', `${field} ${message}`, { fieldErrors: [{ field, message }] });

/** A time as epoch ms (null when not sent); one that cannot be read is a 400 naming the field. */
export function timeOf(value: number | string | null | undefined, field: string): number | null {
  const ms = parseRpTime(value);
  if (ms === undefined) throw invalid(field, `is neither epoch milliseconds nor an ISO-8601 time: "${String(value).slice(0, 64)}"`);
  return ms;
}

/** A log's time; one that cannot be read is left out rather than refusing the log. */
export const parseTimeOrNull = (value: number | string | null | undefined) => parseRpTime(value) ?? null;

/** JSON with its keys sorted, so the same body hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** SHA-256 (hex) of a request's content: what recognises a start or log sent again without a UUID. */
export const fingerprint = (value: unknown) => createHash('sha256').update(canonical(value)).digest('hex');

/** A hash as a UUID-shaped id (a log's id: the same log sent again is answered the same id). */
export const uuidOfHash = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
