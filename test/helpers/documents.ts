import type { CaseDocument, RunDocument } from '../../src/core/document.js';

/** A small run: one machine, one suite, the given cases (results only). */
export function runWith(cases: CaseDocument[], extra: Partial<RunDocument> = {}): RunDocument {
  return {
    testPlan: 'Checkout',
    startTime: '2026-01-01T10:00:00Z',
    endTime: '2026-01-01T10:10:00Z',
    machines: [{ deviceConfiguration: { title: 'Linux Chrome' }, suites: [{ name: 'Cart', cases }] }],
    ...extra,
  };
}

/** A run of `n` cases over 2 machines and 10 suites, with steps; every 10th case fails, every 25th is skipped. */
export function generatedRun(n: number, plan = 'Generated'): RunDocument {
  const start = Date.parse('2026-02-01T00:00:00Z');
  const machines = ['Linux Chrome', 'Windows Edge'].map((title, m) => ({
    deviceConfiguration: { title },
    suites: Array.from({ length: 10 }, (_, s) => ({
      name: `Suite ${s}`,
      cases: Array.from({ length: Math.ceil(n / 20) }, (_, c): CaseDocument => {
        const i = m * (n / 2) + s * Math.ceil(n / 20) + c;
        const t0 = start + i * 1000;
        if (i % 25 === 24) return { name: `case ${s}-${c}`, result: 'SKIPPED', startTime: new Date(t0).toISOString(), endTime: new Date(t0).toISOString() };
        return {
          name: `case ${s}-${c}`,
          startTime: new Date(t0).toISOString(),
          endTime: new Date(t0 + 900).toISOString(),
          steps: [
            { action: 'open the page', result: 'SUCCESS', duration: 300 },
            i % 10 === 9 ? { action: 'check the total', result: 'FAILURE', message: 'expected 10 got 9', duration: 400 } : { action: 'check the total', result: 'SUCCESS', duration: 400 },
            { action: 'close', ...(i % 10 === 9 ? {} : { result: 'SUCCESS' as const }), duration: 100 },
          ],
        };
      }).slice(0, Math.max(0, Math.min(Math.ceil(n / 20), n / 2 - s * Math.ceil(n / 20)))),
    })).filter((suite) => suite.cases.length),
  }));
  return { testPlan: plan, buildNo: 'b1', machines };
}
