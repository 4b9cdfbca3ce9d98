/**
 * Schemas shared by the routes (TypeBox -> JSON Schema for validation and OpenAPI). The documents that
 * ways in send (run document, live batches) are the domain's, in core/document.ts.
 */
import { Type } from 'typebox';
import { Nullable } from '../core/schema.js';

export const IdParam = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

export const ErrorBodySchema = Type.Object(
  {
    timeStamp: Nullable(Type.String()),
    error: Type.String(),
    code: Type.String(),
    fieldErrors: Nullable(Type.Array(Type.Object({ field: Type.String(), message: Type.String(), rejectedValue: Type.Optional(Type.Unknown()) }))),
    objectErrors: Nullable(Type.Array(Type.Unknown())),
    position: Type.Optional(Type.Integer({ description: 'INVALID_QUERY: 0-based offset of the problem in the percent-decoded query' })),
    length: Type.Optional(Type.Integer({ description: 'INVALID_QUERY: length of the span to underline' })),
    reason: Type.Optional(Type.String({ description: 'INVALID_QUERY: the detailed query error code, e.g. UNKNOWN_FIELD, INVALID_ENUM_VALUE (docs/query-language.md)' })),
  },
  { $id: 'ErrorBody', description: 'Every error: 400, 401, 404, 409, 413, 429, 500, 503' },
);
