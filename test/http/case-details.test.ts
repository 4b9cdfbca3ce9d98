import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/databases.js';
import { testApp } from '../helpers/app.js';
import { runWith } from '../helpers/documents.js';

describe.each(DATABASES)('case details on %s', (kind) => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let runId: number;
  let caseId: number;
  beforeAll(async () => {
    t = await testApp(kind);
    const res = await t.post(
      '/api/v3/test_runs',
      runWith([
        {
          name: 'pays',
          result: 'SUCCESS',
          flaky: true,
          stackTrace: null,
          systemOut: 'line 1\nline 2',
          attempts: [{ result: 'FAILURE', message: 'timeout', duration: 1200, stackTrace: 'at pay()' }],
          properties: { file: 'pay.test.ts' },
        },
        { name: 'refunds', result: 'FAILURE', message: 'expected 2', stackTrace: 'AssertionError: expected 2\n  at refund()' },
      ]),
    );
    runId = res.json().id;
    caseId = (await t.get(`/api/v2/test_runs/${runId}/test_case_results?query=testCaseName:pays`)).json().content[0].id;
  });
  afterAll(() => t.close());

  it("returns what the report said: output, earlier attempts, properties", async () => {
    const res = await t.get(`/api/v3/test_runs/${runId}/test_case_results/${caseId}/details`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: caseId,
      stackTrace: null,
      systemOut: 'line 1\nline 2',
      systemErr: null,
      attempts: [{ result: 'FAILURE', message: 'timeout', duration: 1200, stackTrace: 'at pay()' }],
      properties: { file: 'pay.test.ts' },
      labels: [],
      links: null,
      parameters: null,
      category: null,
    });
  });

  it('is a 404 for a case of another run, like the get-one route', async () => {
    expect((await t.get(`/api/v3/test_runs/${runId + 1000}/test_case_results/${caseId}/details`)).statusCode).toBe(404);
  });
});
