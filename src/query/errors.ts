/**
 * Every way a `query=` string can be rejected. The set is closed so that clients can switch on `code`
 * and the HTTP layer can answer 400 with the code, the message and the span to underline.
 */
export const QUERY_ERROR_CODES = [
  // syntax (parseQuery)
  'INVALID_ENCODING',
  'QUERY_TOO_LONG',
  'EMPTY_CLAUSE',
  'EXPECTED_FIELD',
  'EXPECTED_OPERATOR',
  'UNSUPPORTED_OPERATOR',
  'EMPTY_VALUE',
  'UNEXPECTED_WILDCARD',
  // meaning (compileQuery)
  'UNKNOWN_FIELD',
  'OPERATOR_NOT_ALLOWED',
  'INVALID_ENUM_VALUE',
  'INVALID_NUMBER',
  'INVALID_DATE',
  'INVALID_BOOLEAN',
  'INVALID_PATTERN',
] as const;

export type QueryErrorCode = (typeof QUERY_ERROR_CODES)[number];

/**
 * A rejected query. `position` and `length` are in UTF-16 code units (JS string indices) of the
 * percent-decoded query, e.g. `{ code: 'UNKNOWN_FIELD', position: 0, length: 3 }` for `foo:1`.
 * For INVALID_ENCODING the offset is into the query as received, since it could not be decoded.
 */
export interface QueryError {
  readonly code: QueryErrorCode;
  readonly message: string;
  readonly position: number;
  readonly length: number;
}

export interface Location {
  /** Offset of the first character, into the percent-decoded query. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
}

export type Failure = { readonly ok: false; readonly error: QueryError };

export function fail(code: QueryErrorCode, message: string, at: Location): Failure {
  return { ok: false, error: { code, message, position: at.start, length: at.end - at.start } };
}
