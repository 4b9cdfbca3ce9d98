/**
 * A plan's trigger hook over the API, on every database: PUT, GET and DELETE with the body keys clients
 * read; header and secret values never come back and are not in the database in clear; a hook that could
 * not be called is refused without echoing a secret. A GitLab pipeline trigger takes its token as a secret
 * rendered into the body. Imports that name a run id are checked here too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/databases.js';
import { hookReceiver } from '../helpers/hook-receiver.js';
import { JUNIT, triggerApp, type TriggerApp } from './trigger-support.js';

const PAT = 'ghp_HookTestPersonalAccessToken000002';
const TOKEN = 'glptt-HookTestTriggerToken0003';

describe.each(DATABASES)('trigger hooks on %s', (kind) => {
  let t: TriggerApp;
  let receiver: Awaited<ReturnType<typeof hookReceiver>>;
  beforeAll(async () => {
    t = await triggerApp(kind);
    receiver = await hookReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });

  it('PUT, GET and DELETE a plan\'s hook: values of headers and secrets are masked in every answer and sealed in the database', async () => {
    const planId = await t.plan('Checkout');
    const settings = {
      url: 'https://api.github.com/repos/acme/shop/actions/workflows/verdict.yml/dispatches',
      headers: { Authorization: `Bearer ${PAT}`, Accept: 'application/vnd.github+json' },
      secrets: { spare: TOKEN },
      body: { ref: 'main', inputs: { verdict_run_id: '{{runId}}' } },
      timeoutMinutes: 30,
    };
    const put = await t.put(`/api/v3/test_plans/${planId}/trigger_hook`, settings);
    expect(put.statusCode).toBe(200);
    const expected = {
      testPlanId: planId, url: settings.url, method: 'POST', headers: { Authorization: '********', Accept: '********' }, secrets: { spare: '********' },
      body: settings.body, timeoutMinutes: 30, createdAt: '2026-11-28T12:00:00Z', updatedAt: '2026-11-28T12:00:00Z',
    };
    expect(put.json()).toEqual(expected);
    const get = await t.get(`/api/v3/test_plans/${planId}/trigger_hook`);
    expect(get.json()).toEqual(expected);
    expect((await t.get(`/api/v2/test_plans/${planId}/trigger_hook`)).json()).toEqual(expected);
    for (const body of [put.body, get.body]) for (const secret of [PAT, TOKEN, 'Bearer']) expect(body).not.toContain(secret);

    const stored = JSON.stringify(await t.store.db.selectFrom('trigger_hooks').selectAll().execute());
    for (const secret of [PAT, TOKEN, 'Bearer', 'ghp_', 'glptt']) expect(stored).not.toContain(secret);
    expect(stored).toContain('Authorization'); // names stay readable

    // A PUT replaces the hook (and keeps its creation time).
    t.clock.now += 60_000;
    const replaced = (await t.put(`/api/v3/test_plans/${planId}/trigger_hook`, { url: `${receiver.url}/hook`, method: 'PUT' })).json();
    expect(replaced).toMatchObject({ method: 'PUT', headers: {}, secrets: {}, body: null, timeoutMinutes: null, createdAt: '2026-11-28T12:00:00Z', updatedAt: '2026-11-28T12:01:00Z' });
    t.clock.now -= 60_000;

    expect((await t.del(`/api/v3/test_plans/${planId}/trigger_hook`)).statusCode).toBe(204);
    expect((await t.get(`/api/v3/test_plans/${planId}/trigger_hook`)).json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.del(`/api/v3/test_plans/${planId}/trigger_hook`)).statusCode).toBe(404);
  });

  it('refuses a hook it could not call, naming the field but never a secret value; an unknown plan is a 404', async () => {
    const planId = await t.plan('Refused');
    const put = (body: object) => t.put(`/api/v3/test_plans/${planId}/trigger_hook`, body);
    const cases: [object, string][] = [
      [{ url: 'ftp://ci.example/trigger' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ url: 'https://ci.example/{{secrets.token}}' }, 'url'],
      [{ url: 'https://ci.example/', body: { run: '{{runid}}' } }, 'body'],
      [{ url: 'https://ci.example/', headers: { Authorization: `Bearer ${PAT}\r\nX-Evil: 1` } }, 'headers.Authorization'],
      [{ url: 'https://ci.example/', headers: { Host: 'elsewhere' } }, 'headers.Host'],
      [{ url: 'https://ci.example/', method: 'GET' }, 'method'],
      [{ url: 'https://ci.example/', timeoutMinutes: 0 }, 'timeoutMinutes'],
      [{ url: 'https://ci.example/', extra: true }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await put(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().fieldErrors[0].field, JSON.stringify(body)).toBe(field);
      expect(res.body).not.toContain(PAT);
    }
    expect((await t.get(`/api/v3/test_plans/${planId}/trigger_hook`)).statusCode).toBe(404);
    expect((await t.put('/api/v3/test_plans/999999/trigger_hook', { url: 'https://ci.example/' })).statusCode).toBe(404);
  });

  it('a GitLab pipeline trigger: the token is a secret rendered into the body, variables carry the run', async () => {
    const planId = await t.plan('GitLab');
    await t.put(`/api/v3/test_plans/${planId}/trigger_hook`, {
      url: `${receiver.url}/api/v4/projects/42/trigger/pipeline`,
      secrets: { token: TOKEN },
      body: { token: '{{secrets.token}}', ref: 'main', variables: { VERDICT_RUN_ID: '{{runId}}', VERDICT_PLAN: '{{planName}}', VERDICT_URL: '{{runUrl}}', NOTE: '{{runtimeData.note}}' } },
    });
    receiver.answerWith(201);
    const run = (await t.post('/api/v1/execution_results', { executionId: planId, runtimeData: { note: 'say "hi"' } })).json();
    expect(run).toMatchObject({ status: 'STATUS_CREATED', triggerHook: { succeeded: true, statusCode: 201 } });
    const call = receiver.received.at(-1)!;
    expect(call.url).toBe('/api/v4/projects/42/trigger/pipeline');
    expect(JSON.parse(call.body)).toEqual({ token: TOKEN, ref: 'main', variables: { VERDICT_RUN_ID: String(run.id), VERDICT_PLAN: 'GitLab', VERDICT_URL: `http://verdict.test/runs/${run.id}`, NOTE: 'say "hi"' } });
  });

  it('POST /imports?runId= fills that run; a live run in progress is a 409; runId with runKey, or another plan, is a 400; an unknown run a 404', async () => {
    const upload = (query: string) => t.app.inject({ method: 'POST', url: `/api/v3/imports?${query}`, headers: { authorization: `Bearer ${t.key}`, 'content-type': 'application/xml' }, payload: JUNIT });
    const planId = await t.plan('Shards');
    const { id } = (await t.post('/api/v1/execution_results', { executionId: planId })).json();
    const first = await upload(`runId=${id}&machine=a`);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ id, testPlanName: 'Shards', status: 'STATUS_COMPLETED', result: 'FAILURE', metrics: { totalCount: 3 } });
    const later = await upload(`runId=${id}&machine=b&plan=Shards`);
    expect(later.json()).toMatchObject({ id, metrics: { totalCount: 6 } });
    expect((await upload(`runId=${id}&plan=Elsewhere`)).json()).toMatchObject({ code: 'INVALID_DOCUMENT', fieldErrors: [{ field: 'plan' }] });
    expect((await upload(`runId=${id}&runKey=k`)).json()).toMatchObject({ code: 'INVALID_REQUEST', fieldErrors: [{ field: 'runKey' }] });
    expect((await upload('runId=999999')).statusCode).toBe(404);
    expect((await upload('build=1')).json()).toMatchObject({ code: 'INVALID_REQUEST', fieldErrors: [{ field: 'plan' }] });

    const live = (await t.post('/api/v3/live/test_runs', { testPlan: 'Shards' })).json();
    expect((await upload(`runId=${live.id}`)).json()).toMatchObject({ code: 'CONFLICT', error: expect.stringMatching(/live API/) });
  });
});
