/**
 * What operators see before users do: `/metrics` in the Prometheus text format (requests by route, cases
 * written, imports by outcome, event-loop lag, the PostgreSQL pool), `/readyz` that checks the database,
 * and the metrics token when one is set.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { DATABASES } from '../helpers/databases.js';
import { testApp, NOW } from '../helpers/app.js';

describe.each(DATABASES)('operations on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeEach(async () => {
    t = await testApp(kind);
  });
  afterEach(() => t.close());

  it('/metrics counts requests per route, cases written and imports by outcome', async () => {
    await t.post('/api/v3/test_runs', { testPlan: 'P', machines: [{ suites: [{ name: 'S', cases: [{ name: 'a', result: 'PASSED', steps: [{ action: 'x', result: 'SUCCESS' }] }, { name: 'b', result: 'FAILED' }] }] }] });
    const xml = '<testsuite name="s"><testcase name="a"/></testsuite>';
    const upload = () => t.app.inject({ method: 'POST', url: '/api/v3/imports?plan=p&runKey=k', headers: { ...t.auth, 'content-type': 'application/xml' }, payload: xml });
    await upload();
    await upload(); // the same shard again
    await t.app.inject({ method: 'POST', url: '/api/v3/imports?plan=p', headers: { ...t.auth, 'content-type': 'application/xml' }, payload: '<nope' });
    await t.get('/api/v3/test_runs/999999');
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    expect(text).toMatch(/verdict_http_requests_total\{method="POST",route="\/api\/v3\/test_runs",status="201"\} 1/);
    expect(text).toMatch(/verdict_http_requests_total\{method="GET",route="\/api\/v3\/test_runs\/:run_id",status="404"\} 1/);
    expect(text).toMatch(/verdict_http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/api\/v3\/imports"\} \d/);
    expect(text).toMatch(/^verdict_cases_written_total 3$/m);
    expect(text).toMatch(/^verdict_steps_written_total 1$/m);
    expect(text).toMatch(/verdict_imports_total\{outcome="stored"\} 1/);
    expect(text).toMatch(/verdict_imports_total\{outcome="duplicate"\} 1/);
    expect(text).toMatch(/verdict_imports_total\{outcome="refused"\} 1/);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    if (kind === 'postgres') expect(text).toMatch(/verdict_db_pool_connections\{state="in_use"\} \d/);
  });

  it('/readyz answers ready while the database answers, and 503 when it does not', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready' });
    const broken = await buildApp({ store: { ...t.store, db: { ...t.store.db, executeQuery: () => Promise.reject(new Error('down')) } as never }, config: { bodyLimitBytes: 1 << 20, publicUrl: 'http://t', logLevel: 'silent' }, clock: () => NOW, logger: false });
    const res = await broken.inject({ method: 'GET', url: '/readyz' });
    expect([res.statusCode, res.json().status]).toEqual([503, 'unavailable']);
    await broken.close();
  });

  it('with a metrics token, /metrics needs it', async () => {
    const guarded = await buildApp({ store: t.store, config: { bodyLimitBytes: 1 << 20, publicUrl: 'http://t', logLevel: 'silent', metricsToken: 's3cret' }, clock: () => NOW, logger: false });
    expect((await guarded.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await guarded.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer s3cret' } })).statusCode).toBe(200);
    await guarded.close();
  });
});
