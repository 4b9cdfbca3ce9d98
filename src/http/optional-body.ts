/**
 * Routes whose body is optional (`/finish`, `/stop`) take `curl -X POST` as it comes: no body and no
 * Content-Type (or an empty text body) is validated as `{}`, not refused as "body must be object".
 */
import type { FastifyRequest } from 'fastify';

export async function noBodyAsEmpty(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null || request.body === '') request.body = {};
}
