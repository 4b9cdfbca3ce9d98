/**
 * The OpenAPI 3 document, generated from the route schemas (`@fastify/swagger`), at GET /api/openapi.json,
 * and a browsable page at /api/docs (`@fastify/swagger-ui`, bundled assets, no network). Neither needs an
 * API key: they are registered outside the /api plugin that carries the auth hook.
 *
 * Register before any route, so every route is seen.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { TSchema } from 'typebox';
import { CaseBody, MachineBody, RunBody, SuiteBody } from './openapi-schemas.js';
import { ErrorBodySchema } from './schemas.js';

const DESCRIPTION = `Verdict is a self-hosted test results server compatible with Testsigma's results API.

* **Results API** (\`/api/v2\` and \`/api/v3\`, identical): get-one and list routes for test runs, machine, suite,
  test case and step results. Lists take \`query=\` (the Testsigma query language: e.g. \`result:PASSED\`,
  \`testPlanId:420,result:FAILED\`, \`result:FAILURE,testCaseName:*login*\`, \`startTime>2024-05-29\`; see
  docs/query-language.md), \`page\` (0-based), \`size\` (1..2000) and \`sort=prop,dir\` or \`sortBy\`/\`direction\`,
  and answer with a Spring page plus \`pagination\`.
* **Legacy v1 routes** (\`/api/v1\`) that CI scripts call: run status, its case results, a plan's runs, JUnit report.
* **Ingestion**: whole run documents, report uploads, and the live reporting API.

Every route under /api needs \`Authorization: Bearer <key>\` (or \`X-TS-API-KEY: <key>\`); keys are scoped to one
workspace, and another workspace's ids are a 404. Errors always have the same JSON body (\`ErrorBody\`).`;

/** Error responses every /api route may give, added to the document where a route does not declare them. */
const ERROR_RESPONSES: Record<string, string> = {
  400: 'Invalid request (for lists: INVALID_QUERY with position, length and reason, or INVALID_SORT)',
  401: 'Missing or wrong API key',
  404: 'No such id in the workspace of the key',
};

/** Get-one bodies, documented here so the get-one routes keep serializing with JSON.stringify (no response schema). */
const GET_ONE_BODIES: [RegExp, TSchema][] = [
  [/^\/api\/v[23]\/test_runs\/:run_id$/, RunBody],
  [/^\/api\/v[23]\/test_runs\/:run_id\/test_machine_results\/:id$/, MachineBody],
  [/^\/api\/v[23]\/test_runs\/:run_id\/test_suite_results\/:id$/, SuiteBody],
  [/^\/api\/v[23]\/test_runs\/:run_id\/test_case_results\/:id$/, CaseBody],
];

export async function registerOpenApi(app: FastifyInstance, options: { publicUrl: string }): Promise<void> {
  app.addSchema(ErrorBodySchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Verdict results API', version: '1', description: DESCRIPTION },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key created with `verdict keys create`' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-TS-API-KEY', description: 'The same key, in the header the original also accepts' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
      tags: [
        { name: 'results', description: 'Results API v2/v3: get-one and list routes' },
        { name: 'v1', description: 'Legacy v1 routes that CI scripts call' },
        { name: 'ingestion', description: 'Storing results' },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: ({ schema, url, route }) => {
      const documented = { ...(schema as FastifySchema & Record<string, unknown>) };
      if (!url.startsWith('/api/')) return { schema: { ...documented, hide: true }, url };
      const response = { ...((documented.response as Record<string, unknown> | undefined) ?? {}) };
      const body = GET_ONE_BODIES.find(([pattern]) => pattern.test(url))?.[1];
      if (body && route.method === 'GET') response[200] ??= body;
      for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
        response[status] ??= { $ref: 'ErrorBody#', description };
      }
      return { schema: { ...documented, response }, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true }, staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
