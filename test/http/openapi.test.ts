/**
 * The OpenAPI document is generated from the route schemas: every v1 and v3 route appears in it once (v2
 * is their alias; ReportPortal's /api/v2/{project} routes are its v1's) with a summary, an operationId and its success and error bodies; it needs no key, and
 * the docs page is served from bundled assets as Verdict's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';

describe('OpenAPI document', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const routes: { method: string; url: string }[] = [];

  beforeAll(async () => {
    t = await testApp('sqlite');
    // Every registered route, rebuilt from the router's tree listing ("├── api/v2/test_runs (GET, HEAD, POST)", children indented).
    const stack: string[] = [];
    for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
      const at = line.indexOf('── ');
      const match = line.slice(at + 3).match(/^(\S+) \(([A-Z, ]+)\)$/);
      if (at < 0 || !match) continue;
      const depth = (at - 1) / 4;
      stack[depth] = depth === 0 ? match[1]! : `${stack[depth - 1]}${match[1]}`;
      const url = stack[depth]!.replace(/^\/\//, '/');
      for (const method of match[2]!.split(', ')) if (method !== 'HEAD' && method !== 'OPTIONS') routes.push({ method, url });
    }
  });
  afterAll(() => t.close());

  it('is served at /api/openapi.json without a key, as OpenAPI 3.0.3 with bearer security and a licence', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.info).toMatchObject({ title: 'Verdict API', license: { name: 'MIT', url: expect.stringMatching(/^https:/) } });
    expect(doc.info.description).toMatch(/`\/api\/v2` is an alias/);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.ErrorBody).toBeDefined();
  });

  it('lists every v1 and v3 route once, each with a summary, a unique operationId, its 2xx and the error body for 400/401/404', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const api = routes.filter((r) => /^\/api\/v[13]\//.test(r.url));
    expect(api.length).toBeGreaterThan(25);
    const operationIds = new Set<string>();
    for (const { method, url } of api) {
      const path = url.replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths[path]?.[method.toLowerCase()];
      const what = `${method} ${path}`;
      expect(operation, `${what} is documented`).toBeDefined();
      expect(operation.summary, `${what} has a summary`).toBeTruthy();
      expect(operation.operationId, `${what} has an operationId`).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(operationIds.has(operation.operationId), `${what}: ${operation.operationId} is unique`).toBe(false);
      operationIds.add(operation.operationId);
      expect(Object.keys(operation.responses).filter((s) => s.startsWith('2')), `${what} documents a 2xx`).not.toEqual([]);
      for (const status of ['400', '401', '404']) expect(operation.responses[status], `${what} ${status}`).toBeDefined();
    }
    for (const path of ['/api/v3/test_runs', '/api/v3/test_runs/{run_id}/test_case_results/{id}/step_results/', '/api/v1/reports/junit/{runId}', '/api/v1/executions/{testPlanId}/test_plan_results']) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });

  it('documents v2 once, as v3: every v2 route has its v3 twin and none is listed itself', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/api/v2/'))).toEqual([]);
    const v2 = routes.filter((r) => r.url.startsWith('/api/v2/'));
    expect(v2.length).toBeGreaterThan(20);
    // ReportPortal's reporting API is the same under its v1 and v2 (`/api/v2/:project/...`): listed once, under v1.
    const twin = (url: string) => url.replace('/api/v2/', url.startsWith('/api/v2/:project/') ? '/api/v1/' : '/api/v3/').replace(/:(\w+)/g, '{$1}');
    for (const { method, url } of v2) expect(doc.paths[twin(url)]?.[method.toLowerCase()], `${method} ${url}`).toBeDefined();
  });

  it("answers creates with 201 and names their bodies; only R9 and ReportPortal's root item keep a trailing slash", async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const path of ['/api/v3/test_runs', '/api/v3/imports', '/api/v3/live/test_runs']) {
      expect(doc.paths[path].post.responses['201'], path).toMatchObject({ description: expect.any(String), content: { 'application/json': { schema: expect.any(Object) } } });
    }
    // ReportPortal's client-javascript starts root items at `item/`, with the slash.
    expect(Object.keys(doc.paths).filter((p) => p.endsWith('/')).sort()).toEqual(['/api/v1/{project}/item/', '/api/v3/test_runs/{run_id}/test_case_results/{id}/step_results/']);
  });

  it('documents the query language on the list routes, with examples', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const query = doc.paths['/api/v3/test_runs/{run_id}/test_case_results'].get.parameters.find((p: { name: string }) => p.name === 'query');
    expect(query.description).toContain('query-language.md');
    expect(Object.keys(query.examples)).toContain('result:PASSED');
  });

  it('serves the docs page at /api/docs without a key: titled Verdict, its icon, no top bar and no framework branding', async () => {
    const res = await t.app.inject({ url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('<title>Verdict API</title>');
    expect(res.body).toContain('theme/favicon.svg');
    expect(res.body).not.toMatch(/swagger ui|fastify/i);
    const init = (await t.app.inject({ url: '/api/docs/static/swagger-initializer.js' })).body;
    expect(init).toContain('"layout":"BaseLayout"');
    expect((await t.app.inject({ url: '/api/docs/static/theme/favicon.svg' })).headers['content-type']).toBe('image/svg+xml');
  });
});
