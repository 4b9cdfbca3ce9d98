/**
 * TypeBox helpers for the schemas of the domain's documents (core/document.ts) and the API's bodies.
 * TypeBox is a pure library: one declaration gives the JSON Schema that validates a body and the
 * TypeScript type the code reads, so the two never drift apart.
 */
import { Type, type TNull, type TSchema, type TUnion } from 'typebox';

/**
 * T or null, written as one multi-type schema (`type: [T, 'null']`, or an `enum` with null for a union of
 * literals) instead of `anyOf`: with type coercion on (Fastify's default, needed for query strings), an
 * `anyOf` lets the validator coerce a JSON null into "" or [null] while it tries the first branch.
 */
export function Nullable<T extends TSchema>(t: T): TUnion<[T, TNull]> {
  const schema = t as unknown as { type?: string; anyOf?: { const?: unknown }[]; enum?: unknown[] };
  if (typeof schema.type === 'string') return { ...t, type: [schema.type, 'null'] } as unknown as TUnion<[T, TNull]>;
  if (schema.enum) return { ...t, type: [typeof schema.enum[0], 'null'], enum: [...schema.enum, null] } as unknown as TUnion<[T, TNull]>;
  if (schema.anyOf?.every((branch) => 'const' in branch)) {
    const values = schema.anyOf.map((branch) => branch.const);
    return { type: [typeof values[0], 'null'], enum: [...values, null] } as unknown as TUnion<[T, TNull]>;
  }
  throw new Error('Nullable() takes a schema with one type, or a union of literals');
}

/** An optional field that may also be null. */
export const opt = <T extends TSchema>(t: T) => Type.Optional(Nullable(t));

/** A union of string literals, e.g. an enum of the vocabulary. */
export const enumOf = <const V extends string[]>(values: readonly [...V], options?: { description?: string }) => Type.Enum<V>(values, options);

export const closed = { additionalProperties: false } as const;
