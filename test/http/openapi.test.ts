/**
 * The OpenAPI document is generated from the route schemas: every /api route appears in it with a
 * summary, it needs no key, and the docs page is served from bundled assets.
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

  it('is served at /api/openapi.json without a key, as OpenAPI 3.0.3 with bearer security', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.0.3');
    expect(doc.info.title).toContain('Verdict');
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.components.schemas.ErrorBody).toBeDefined();
  });

  it('lists every registered v1, v2 and v3 route with a summary and the error body for 400/401/404', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const api = routes.filter((r) => /^\/api\/v[123]\//.test(r.url));
    expect(api.length).toBeGreaterThan(30);
    for (const { method, url } of api) {
      const path = url.replace(/:(\w+)/g, '{$1}');
      const operation = doc.paths[path]?.[method.toLowerCase()];
      expect(operation, `${method} ${path} is documented`).toBeDefined();
      expect(operation.summary, `${method} ${path} has a summary`).toBeTruthy();
      for (const status of ['400', '401', '404']) expect(operation.responses[status], `${method} ${path} ${status}`).toBeDefined();
    }
    for (const path of ['/api/v2/test_runs', '/api/v3/test_runs/{run_id}/test_case_results/{id}/step_results/', '/api/v1/reports/junit/{runId}', '/api/v1/executions/{testPlanId}/test_plan_results']) {
      expect(doc.paths[path], path).toBeDefined();
    }
  });

  it('documents the query language on the list routes, with examples', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const query = doc.paths['/api/v2/test_runs/{run_id}/test_case_results'].get.parameters.find((p: { name: string }) => p.name === 'query');
    expect(query.description).toContain('query-language.md');
    expect(Object.keys(query.examples)).toContain('result:PASSED');
  });

  it('serves the docs page at /api/docs without a key', async () => {
    const res = await t.app.inject({ url: '/api/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });
});
