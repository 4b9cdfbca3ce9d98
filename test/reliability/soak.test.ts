/**
 * A bounded soak on loopback: a fixed number of requests over several rounds (autocannon, 8 connections),
 * mixing the read routes. No error responses; latency per round is printed so drift shows (speed itself is
 * measured by `npm run bench`, not asserted here); memory does not keep growing.
 */
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRunDocument } from '../../src/demo/seed-run.js';
import { ingestDocument } from '../../src/ingest/index.js';
import { NOW, testApp } from '../helpers/app.js';
import { generatedRun } from '../helpers/documents.js';

describe('soak', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let base: string;
  let bigRun: number;
  beforeAll(async () => {
    t = await testApp('sqlite');
    await ingestDocument(t.store, t.workspaceId, seedRunDocument(), { now: NOW, trustFixedIds: true });
    bigRun = await ingestDocument(t.store, t.workspaceId, generatedRun(2000, 'Soak'), { now: NOW });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  });
  afterAll(() => t.close());

  // 6,000 requests: seconds on a quiet machine, more on a shared one; the time is not what is tested.
  it('answers 6 rounds of 1,000 mixed requests without an error, and memory settles', { timeout: 180_000 }, async () => {
    const paths = [
      '/api/v3/test_runs/517',
      '/api/v3/test_runs/517/test_case_results/3857/step_results/',
      `/api/v2/test_runs/${bigRun}/test_case_results?query=result:FAILURE&size=50`,
      `/api/v2/test_runs?size=20`,
      `/api/v3/test_runs/${bigRun}/test_suite_results?size=20`,
    ];
    const rounds: { p50: number; p99: number; heapMB: number }[] = [];
    for (let round = 0; round < 6; round++) {
      const result = await autocannon({
        url: base,
        connections: 8,
        amount: 1000,
        timeout: 10,
        requests: paths.map((path) => ({ method: 'GET', path, headers: { authorization: `Bearer ${t.key}` } })),
      });
      expect(result.errors, `round ${round} errors`).toBe(0);
      expect(result.non2xx, `round ${round} non-2xx`).toBe(0);
      globalThis.gc?.();
      rounds.push({ p50: result.latency.p50, p99: result.latency.p99, heapMB: Math.round(process.memoryUsage().heapUsed / 1e6) });
    }
    console.table(rounds);
    // Memory: after the first (warm-up) round, the heap stays within a band rather than climbing per request.
    const heaps = rounds.slice(1).map((r) => r.heapMB);
    expect(Math.max(...heaps) - Math.min(...heaps)).toBeLessThan(150);
  });
});
