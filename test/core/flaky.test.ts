import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { flipBound } from '../../src/core/flaky.js';

/** Flips of a run-by-run sequence: F failed, P passed, - not judged (left out). */
const flips = (outcomes: string) => {
  const judged = outcomes.replaceAll('-', '');
  return [...judged].filter((o, i) => i > 0 && o !== judged[i - 1]).length;
};

describe('flipBound', () => {
  it('1 failure in 30 runs: at most 2 flips; 30 of 30 and 0 of 30: none', () => {
    expect(flipBound(1, 30)).toBe(2);
    expect(flipBound(30, 30)).toBe(0);
    expect(flipBound(0, 30)).toBe(0);
  });

  it('as many failures as passes: every run can flip', () => {
    expect(flipBound(3, 6)).toBe(5);
    expect(flips('FPFPFP')).toBe(5);
  });

  it('no sequence flips more often than its bound, whatever runs are not judged', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('F', 'P', '-'), { minLength: 1, maxLength: 16 }), (runs) => {
        const outcomes = runs.join('');
        expect(flips(outcomes)).toBeLessThanOrEqual(flipBound(runs.filter((o) => o === 'F').length, runs.length));
      }),
    );
  });

  it('some sequence reaches it: the bound is no looser than it must be', () => {
    for (let n = 1; n <= 12; n++) {
      for (let f = 0; f <= n; f++) {
        const rarer = f <= n - f ? 'F' : 'P';
        const other = rarer === 'F' ? 'P' : 'F';
        const few = Math.min(f, n - f);
        // The rarer outcome alone between the others: P F P F P P...
        const outcomes = Array.from({ length: n }, (_, i) => (i % 2 === 1 && (i - 1) / 2 < few ? rarer : other)).join('');
        const best = f === n - f ? [...outcomes].map((_, i) => (i % 2 ? 'P' : 'F')).join('') : outcomes;
        expect(flips(best), `${f} of ${n}: ${best}`).toBe(flipBound(f, n));
      }
    }
  });
});
