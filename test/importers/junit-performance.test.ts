/**
 * The generated 100,000-case report (about 50 MB, see scripts/generate-junit.ts) streams through with
 * flat memory: the point is to catch a DOM or an accumulating buffer. Speed is measured by `npm run bench`,
 * never asserted here.
 */
import { describe, expect, it } from 'vitest';
import { junitImporter } from '../../src/importers/junit-importer.js';
import { countOutcomes } from '../../src/importers/junit/count-outcomes.js';
import { junitReport } from '../../scripts/generate-junit.js';

async function* bytes(caseCount: number): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for (const piece of junitReport(caseCount)) yield encoder.encode(piece);
}

describe('JUnit import performance', () => {
  it('streams 100,000 generated cases with flat memory', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    let seen = 0;
    const tally = { tests: 0, passed: 0, failures: 0, skipped: 0, withOutput: 0 };
    for await (const event of junitImporter.parse(bytes(100_000), { fileName: 'generated.xml' })) {
      if (event.kind !== 'case') continue;
      const c = countOutcomes([event]);
      tally.tests += c.tests;
      tally.passed += c.passed;
      tally.failures += c.failures;
      tally.skipped += c.skipped;
      if (event.case.systemOut) tally.withOutput += 1;
      if (++seen % 5000 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }
    expect(tally).toEqual({ tests: 100_000, passed: 86_000, failures: 10_000, skipped: 4_000, withOutput: 30_000 });
    // Nothing but the case in flight is kept: a DOM of the 50 MB read would take several times that.
    expect(heapPeak - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });
});
