/**
 * The one error catalogue: every error Verdict answers with has a stable code, an HTTP status and a message.
 * The HTTP layer turns a VerdictError into the API's error body; nothing else picks status codes.
 */
export const ERRORS = {
  UNAUTHORIZED: { status: 401, message: 'A valid API key is required: send "Authorization: Bearer <key>"' },
  FORBIDDEN: { status: 403, message: 'The request is not allowed' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  INVALID_REQUEST: { status: 400, message: 'The request is invalid' },
  INVALID_DOCUMENT: { status: 400, message: 'The run document is invalid' },
  INVALID_QUERY: { status: 400, message: 'The query is invalid' },
  INVALID_SORT: { status: 400, message: 'The sort is invalid' },
  INVALID_REPORT: { status: 400, message: 'The report cannot be read' },
  CONFLICT: { status: 409, message: 'The request conflicts with the stored state' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  RATE_LIMITED: { status: 429, message: 'Too many requests' },
  DATABASE_UNAVAILABLE: { status: 503, message: 'The database is unavailable; retry shortly' },
  STORAGE_FULL: { status: 503, message: "The server's storage is full; nothing was stored. Retry once space is freed" },
  REQUEST_TIMEOUT: { status: 408, message: 'The request took too long to arrive' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large' },
  INTERNAL: { status: 500, message: 'Internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

export interface FieldError {
  field: string;
  message: string;
  rejectedValue?: unknown;
}

export class VerdictError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    /** `position`/`length`: the span of a query to underline; `reason`: the query error's own code (UNKNOWN_FIELD ...). */
    readonly details: { fieldErrors?: FieldError[]; position?: number; length?: number; reason?: string } = {},
  ) {
    super(message ?? ERRORS[code].message);
    this.status = ERRORS[code].status;
  }
}

export const notFound = (what: string) => new VerdictError('NOT_FOUND', `${what} not found`);
export const invalidField = (field: string, message: string, rejectedValue?: unknown) =>
  new VerdictError('INVALID_DOCUMENT', `${field} ${message}`, { fieldErrors: [{ field, message, rejectedValue }] });
