import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STEP_DEPTH } from '../../src/core/normalize-case.js';
import { testApp } from '../helpers/app.js';
import { runWith } from '../helpers/documents.js';

function nested(depth: number): Record<string, unknown> {
  let step: Record<string, unknown> = { action: 'leaf', result: 'SUCCESS' };
  for (let d = 1; d < depth; d++) step = { action: `group ${d}`, type: 'STEP_GROUP', steps: [step] };
  return step;
}

describe('step groups nested deep', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp('sqlite');
  });
  afterAll(() => t.close());

  it(`${MAX_STEP_DEPTH} levels are stored, with each group's result rolled up`, async () => {
    const res = await t.post('/api/v3/test_runs', runWith([{ name: 'deep', steps: [nested(MAX_STEP_DEPTH) as never] }]));
    expect(res.statusCode, res.body).toBe(201);
    const depths = await t.store.db.selectFrom('step_results').select('depth').orderBy('position').execute();
    expect(depths.map((d) => d.depth)).toEqual(Array.from({ length: MAX_STEP_DEPTH }, (_, i) => i));
  });

  it.each([MAX_STEP_DEPTH + 1, 5_000, 100_000])('%i levels are a 400 naming the step, never a crash', async (depth) => {
    // Written as text: a client's JSON.stringify would itself run out of stack on the deepest one.
    const steps = '{"action":"g","steps":['.repeat(depth - 1) + '{"action":"leaf","result":"SUCCESS"}' + ']}'.repeat(depth - 1);
    const body = JSON.stringify(runWith([{ name: 'deep', steps: [] }])).replace('"steps":[]', `"steps":[${steps}]`);
    const res = await t.app.inject({ method: 'POST', url: '/api/v3/test_runs', headers: { ...t.auth, 'content-type': 'application/json' }, payload: body });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toMatch(/^INVALID_/);
  });
});
