/**
 * JSON bodies nested deeper than any real document are refused before validation: the validator and
 * the rules recurse, and a hostile 100,000-deep body must get a 400, not exhaust the stack. Measured
 * without recursion.
 */
import type { FastifyRequest } from 'fastify';
import { VerdictError } from '../core/errors.js';

/** A run document nests about 25 deep with 8 levels of step groups; 64 leaves room and stops abuse. */
export const MAX_JSON_DEPTH = 64;

/** Only what JSON.parse makes: plain objects and arrays (a streamed body is neither, and is not walked). */
const isJsonNode = (v: unknown): v is object => v !== null && typeof v === 'object' && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

export function jsonDepthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!isJsonNode(node)) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) if (isJsonNode(child)) stack.push([child, depth + 1]);
  }
  return false;
}

export async function depthGuard(request: FastifyRequest) {
  if (isJsonNode(request.body) && jsonDepthExceeds(request.body, MAX_JSON_DEPTH)) {
    throw new VerdictError('INVALID_REQUEST', `the body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
}
