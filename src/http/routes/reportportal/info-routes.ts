/**
 * `GET /api/info`: ReportPortal's server version, which its clients read before choosing a time format.
 * At 5.13.2 or later, the Python and Java clients send microsecond ISO times, which Verdict reads (as it
 * reads epoch ms). Outside the API key's reach, like ReportPortal's own: it tells nothing but a version.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';

export const REPORTPORTAL_VERSION = '5.14.0';

export function reportPortalInfoRoutes(): FastifyPluginAsyncTypebox {
  // client-javascript's usage statistics read an instance id; one per process is enough for them.
  const instance = randomUUID();
  return async (app) => {
    app.get(
      '/api/info',
      {
        schema: {
          tags: ['reportportal'],
          operationId: 'rpInfo',
          summary: 'The ReportPortal version Verdict speaks (clients switch to microsecond ISO times at 5.13.2)',
          security: [],
          response: { 200: Type.Object({ build: Type.Object({ version: Type.String(), name: Type.String() }), extensions: Type.Object({ result: Type.Record(Type.String(), Type.String()) }) }) },
        },
      },
      async () => ({ build: { version: REPORTPORTAL_VERSION, name: 'Verdict (ReportPortal reporting API)' }, extensions: { result: { 'server.details.instance': instance } } }),
    );
  };
}
