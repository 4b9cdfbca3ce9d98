import { describe, expect, it } from 'vitest';
import { rollUp } from '../../src/core/rollup.js';
import type { Result } from '../../src/core/vocabulary.js';

describe('rollUp (contract "Results and roll-up")', () => {
  const cases: [Result[], Result | undefined][] = [
    [[], undefined],
    [['SUCCESS', 'SUCCESS'], 'SUCCESS'],
    [['SUCCESS', 'FAILURE'], 'FAILURE'],
    // Deliberately not the original's ordinal MAX, which would answer NOT_EXECUTED and hide the failure.
    [['FAILURE', 'NOT_EXECUTED'], 'FAILURE'],
    [['SUCCESS', 'NOT_EXECUTED'], 'SUCCESS'],
    [['NOT_EXECUTED', 'NOT_EXECUTED'], 'NOT_EXECUTED'],
    [['FAILURE', 'ABORTED'], 'ABORTED'],
    [['ABORTED', 'STOPPED', 'FAILURE'], 'STOPPED'],
    [['SUCCESS', 'STOPPED'], 'STOPPED'],
    // Any unfinished child keeps the parent QUEUED.
    [['STOPPED', 'QUEUED'], 'QUEUED'],
    [['SUCCESS', 'QUEUED'], 'QUEUED'],
  ];
  it.each(cases)('%j -> %s', (children, expected) => {
    expect(rollUp(children)).toBe(expected);
  });
});
