/**
 * The OpenAPI 3 document, generated from the route schemas (`@fastify/swagger`), at GET /api/openapi.json,
 * and a browsable page at /api/docs (`@fastify/swagger-ui`, bundled assets, no network). Neither needs an
 * API key: they are registered outside the /api plugin that carries the auth hook. `/api/v3` is documented;
 * `/api/v2`, its alias, is not listed again. Every operation names its `operationId` in its route schema.
 *
 * Register before any route, so every route is seen.
 */
import { readFileSync } from 'node:fs';
import swagger from '@fastify/swagger';
import swaggerUi, { type FastifySwaggerUiOptions } from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { CaseBody, CaseDetailsBody, ImportBody, MachineBody, RunBody, RunWarningsBody, SuiteBody } from './openapi-schemas.js';
import { ErrorBodySchema } from './schemas.js';

const DESCRIPTION = `Verdict is a self-hosted test results server compatible with Testsigma's results API.

* **Results API** (\`/api/v3\`): get-one and list routes for test runs, machine, suite, test case and step results.
  **\`/api/v2\` is an alias**: every \`/api/v3\` route below is served under \`/api/v2\` too, with the same
  bodies, and is not listed twice. Lists take \`query=\` (the Testsigma query language: e.g. \`result:PASSED\`,
  \`testPlanId:420,result:FAILED\`, \`result:FAILURE,testCaseName:*login*\`, \`startTime>2024-05-29\`; see
  docs/query-language.md), \`page\` (0-based), \`size\` (1..2000) and \`sort=prop,dir\` or \`sortBy\`/\`direction\`,
  and answer with a Spring page plus \`pagination\`.
* **Legacy v1 routes** (\`/api/v1\`) that CI scripts call: trigger a plan, run status, its case results, a plan's runs, JUnit report.
* **Triggers**: a plan's trigger hook, which a trigger calls so the CI runs the plan and fills the run (\`verdict upload --run-id\`).
* **Ingestion**: whole run documents, report uploads, and the live reporting API.

Every route under /api needs \`Authorization: Bearer <key>\` (or \`X-TS-API-KEY: <key>\`), checked before routing
(an unknown route without a key is a 401); keys are scoped to one workspace, and another workspace's ids are a 404.
Errors always have the same JSON body (\`ErrorBody\`).

The R9 path keeps the seed page's trailing slash (\`…/step_results/\`) on purpose; \`…/step_results\` is the same page.`;

/** Error responses every /api route may give, added to the document where a route does not declare them. */
const ERROR_RESPONSES: Record<string, string> = {
  400: 'Invalid request (for lists: INVALID_QUERY with position, length and reason, or INVALID_SORT)',
  401: 'Missing or wrong API key',
  404: 'No such id in the workspace of the key',
};

/**
 * Success bodies documented here rather than as response schemas on the routes, so those routes keep
 * serializing with JSON.stringify in the presenters' key order: [method, path, status, body].
 */
const SUCCESS_BODIES: [string, RegExp, number, TSchema][] = [
  ['GET', /^\/api\/v3\/test_runs\/:run_id$/, 200, RunBody],
  ['GET', /^\/api\/v3\/test_runs\/:run_id\/test_machine_results\/:id$/, 200, MachineBody],
  ['GET', /^\/api\/v3\/test_runs\/:run_id\/test_suite_results\/:id$/, 200, SuiteBody],
  ['GET', /^\/api\/v3\/test_runs\/:run_id\/test_case_results\/:id$/, 200, CaseBody],
  ['GET', /^\/api\/v3\/test_runs\/:run_id\/test_case_results\/:id\/details$/, 200, CaseDetailsBody],
  ['GET', /^\/api\/v3\/test_runs\/:run_id\/warnings$/, 200, RunWarningsBody],
  ['POST', /^\/api\/v3\/test_runs$/, 201, withDescription(RunBody, 'Stored: the run, as GET test_runs/{id} gives it')],
  ['POST', /^\/api\/v3\/test_runs$/, 200, withDescription(RunBody, 'The run this `key` made before: nothing changed')],
  ['POST', /^\/api\/v3\/imports$/, 201, ImportBody],
  ['POST', /^\/api\/v3\/imports$/, 200, withDescription(ImportBody, 'A shard the run already holds (a retry): nothing was written')],
  ['GET', /^\/api\/v3\/attachments\/:id$/, 200, Type.Unsafe({ description: "The attachment's bytes, with its content type (HTML and SVG sandboxed)", content: { '*/*': { schema: { type: 'string', format: 'binary' } } } })],
  ['GET', /^\/api\/v3\/events$/, 200, Type.Unsafe({ description: 'An event stream (`text/event-stream`): `ready`, then `run.created`, `run.updated`, `run.finished` with `{kind, runId, at}`, and `: heartbeat` comments', content: { 'text/event-stream': { schema: { type: 'string' } } } })],
  ['POST', /^\/api\/v3\/live\/test_runs$/, 201, withDescription(RunBody, 'A new run, opened')],
  ['POST', /^\/api\/v3\/live\/test_runs$/, 200, withDescription(RunBody, 'The run already opened with this key')],
  ['POST', /^\/api\/v3\/live\/test_runs\/:run_id\/(results|finish|stop)$/, 200, withDescription(RunBody, 'The run, with its metrics after this request')],
];

function withDescription(schema: TSchema, description: string): TSchema {
  return { ...schema, description };
}

/** `/api/docs` is Verdict's: its title and icon, and no top bar (which would carry another product's logo). */
const ICON = readFileSync(new URL('../../web/public/favicon.svg', import.meta.url));
const DOCS_PAGE = {
  theme: { title: 'Verdict API', favicon: [{ filename: 'favicon.svg', rel: 'icon', sizes: 'any', type: 'image/svg+xml', content: ICON }] },
  logo: { type: 'image/svg+xml', content: ICON },
  uiConfig: { layout: 'BaseLayout', docExpansion: 'list', deepLinking: true },
} satisfies FastifySwaggerUiOptions;

export async function registerOpenApi(app: FastifyInstance, options: { publicUrl: string }): Promise<void> {
  app.addSchema(ErrorBodySchema);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Verdict API', version: '1', description: DESCRIPTION, license: { name: 'MIT', url: 'https://opensource.org/license/mit' } },
      servers: [{ url: options.publicUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key created with `verdict keys create`' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-TS-API-KEY', description: 'The same key, in the header the original also accepts' },
        },
      },
      security: [{ bearer: [] }, { apiKey: [] }],
      tags: [
        { name: 'results', description: 'Results API: get-one and list routes (under /api/v3, and /api/v2 alike)' },
        { name: 'v1', description: 'Legacy v1 routes that CI scripts call' },
        { name: 'ingestion', description: 'Storing results: a whole run document, or report files' },
        { name: 'live ingestion', description: 'Reporting results as the tests run' },
        { name: 'analytics', description: "Plans, trends, the tests that fail most, flaky tests, a test's history" },
        { name: 'sessions', description: 'Signing in to the web UI: a session cookie started with an API key (API clients keep sending the key)' },
        { name: 'events', description: 'Run events as server-sent events, for pages that update as results arrive' },
        { name: 'triggers', description: "A plan's trigger hook: what a trigger (POST /api/v1/execution_results) calls so the CI runs the plan" },
        { name: 'reportportal', description: "ReportPortal's reporting API, for its agents (docs/reportportal.md): under /api/v1/{project} and, alike, /api/v2/{project}" },
      ],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: ({ schema, url, route }) => {
      const documented = { ...(schema as FastifySchema & Record<string, unknown>) };
      // v2 is the same API as v3: listed once, under v3 (the description says so).
      if (!url.startsWith('/api/') || url.startsWith('/api/v2/')) return { schema: { ...documented, hide: true }, url };
      const response = { ...((documented.response as Record<string, unknown> | undefined) ?? {}) };
      const methods = [route.method].flat();
      for (const [method, pattern, status, body] of SUCCESS_BODIES) if (methods.includes(method) && pattern.test(url)) response[status] ??= body;
      for (const [status, description] of Object.entries(ERROR_RESPONSES)) {
        response[status] ??= { $ref: 'ErrorBody#', description };
      }
      return { schema: { ...documented, response }, url };
    },
  });
  // The page's Content-Security-Policy comes from connection-guards.ts (swagger-ui's own adds upgrade-insecure-requests, which blanks the page over plain HTTP).
  await app.register(swaggerUi, { routePrefix: '/api/docs', ...DOCS_PAGE, staticCSP: false });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
