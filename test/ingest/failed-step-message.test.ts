/** A case that failed through its MAJOR step and says nothing itself carries that step's message, whichever way it came in. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/databases.js';
import { testApp } from '../helpers/app.js';

const steps = [
  { action: 'open the cart', result: 'SUCCESS', message: 'opened' },
  { action: 'checkout', steps: [{ action: 'press pay', result: 'FAILURE', message: 'button disabled' }] },
  { action: 'see the receipt' },
];

describe.each(DATABASES)('the message of a case that failed through a step, on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeEach(async () => {
    t = await testApp(kind);
  });
  afterEach(() => t.close());

  const caseOf = async (runId: number) => (await t.get(`/api/v3/test_runs/${runId}/test_case_results`)).json().content[0];

  it('document: the failing step of a group gives its message; a case message of its own wins', async () => {
    const run = (await t.post('/api/v3/test_runs', { testPlan: 'P', machines: [{ suites: [{ name: 'S', cases: [{ name: 'pays', steps }] }] }] })).json();
    expect(await caseOf(run.id)).toMatchObject({ result: 'FAILURE', message: 'button disabled' });
    const own = (await t.post('/api/v3/test_runs', { testPlan: 'P', machines: [{ suites: [{ name: 'S', cases: [{ name: 'pays', message: 'mine', steps }] }] }] })).json();
    expect(await caseOf(own.id)).toMatchObject({ message: 'mine' });
  });

  it('live: once the steps say the case failed', async () => {
    const runId = (await t.post('/api/v3/live/test_runs', { testPlan: 'P' })).json().id;
    await t.post(`/api/v3/live/test_runs/${runId}/results`, {
      machines: [{ key: 'm' }],
      suites: [{ key: 's', machineKey: 'm', name: 'S' }],
      cases: [{ key: 'c', suiteKey: 's', name: 'pays', state: 'FINISHED' }],
      steps: [
        { key: '1', caseKey: 'c', action: 'open the cart', result: 'SUCCESS', message: 'opened' },
        { key: '2', caseKey: 'c', action: 'press pay', result: 'FAILURE', message: 'button disabled' },
      ],
    });
    expect(await caseOf(runId)).toMatchObject({ result: 'FAILURE', message: 'button disabled' });
  });
});
