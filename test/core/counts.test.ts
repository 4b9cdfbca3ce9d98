import { describe, expect, it } from 'vitest';
import { addCounts, countItems, ZERO_COUNTS } from '../../src/core/counts.js';

describe('countItems (reference.md §4.1)', () => {
  it('counts each result in its own counter and all in totalCount (the seed case: 3 passed, 1 failed, 2 not executed)', () => {
    const c = countItems([
      { result: 'SUCCESS' }, { result: 'SUCCESS' }, { result: 'SUCCESS' }, { result: 'FAILURE' }, { result: 'NOT_EXECUTED' }, { result: 'NOT_EXECUTED' },
    ]);
    expect(c).toEqual({ ...ZERO_COUNTS, totalCount: 6, passedCount: 3, failedCount: 1, notExecutedCount: 2 });
  });
  it('ABORTED shows in totalCount and abortedCount (v2/v3 bodies omit abortedCount)', () => {
    expect(countItems([{ result: 'ABORTED' }])).toMatchObject({ totalCount: 1, abortedCount: 1, failedCount: 0 });
  });
  it('a skipped item is NOT_EXECUTED and also counted in skippedCount', () => {
    expect(countItems([{ result: 'NOT_EXECUTED', skipped: true }, { result: 'NOT_EXECUTED', skipped: 0 }])).toMatchObject({ totalCount: 2, notExecutedCount: 2, skippedCount: 1 });
  });
  it('running items (QUEUED, in progress) count in runningCount, not queuedCount', () => {
    const c = countItems([
      { result: 'QUEUED', status: 'STATUS_IN_PROGRESS' },
      { result: 'QUEUED', status: 'STATUS_PRE_FLIGHT' },
      { result: 'QUEUED', status: 'STATUS_QUEUED' },
    ]);
    expect(c).toMatchObject({ totalCount: 3, runningCount: 2, queuedCount: 1 });
  });
  it('grouped rows (SQL GROUP BY) count n each', () => {
    expect(countItems([{ result: 'SUCCESS', n: 40 }, { result: 'FAILURE', n: 2 }])).toMatchObject({ totalCount: 42, passedCount: 40, failedCount: 2 });
  });
  it('invariant: when everything is finished, the per-result counters add up to totalCount', () => {
    const c = countItems([{ result: 'SUCCESS' }, { result: 'FAILURE' }, { result: 'ABORTED' }, { result: 'STOPPED' }, { result: 'NOT_EXECUTED' }]);
    expect(c.passedCount + c.failedCount + c.abortedCount + c.stoppedCount + c.notExecutedCount + c.queuedCount + c.runningCount).toBe(c.totalCount);
  });
  it('addCounts adds counter by counter', () => {
    expect(addCounts(countItems([{ result: 'SUCCESS' }]), countItems([{ result: 'FAILURE' }]))).toMatchObject({ totalCount: 2, passedCount: 1, failedCount: 1 });
  });
});
