import { describe, expect, it } from 'vitest';
import { chainsOf, consolidatedCounts } from '../../src/core/consolidate.js';

describe('consolidatedCounts (reference.md §4.4: the latest occurrence of each test wins)', () => {
  it('a failed-only re-run that passes turns the failure into a pass', () => {
    const c = consolidatedCounts([
      [{ key: 'a', result: 'FAILURE' }, { key: 'b', result: 'SUCCESS' }],
      [{ key: 'a', result: 'SUCCESS' }],
    ]);
    expect(c).toMatchObject({ totalCount: 2, passedCount: 2, failedCount: 0 });
  });
  it('a re-run that fails again keeps one failure, not two', () => {
    const c = consolidatedCounts([[{ key: 'a', result: 'FAILURE' }], [{ key: 'a', result: 'FAILURE' }], [{ key: 'a', result: 'FAILURE' }]]);
    expect(c).toMatchObject({ totalCount: 1, failedCount: 1 });
  });
  it('a new test in a re-run is added', () => {
    expect(consolidatedCounts([[{ key: 'a', result: 'SUCCESS' }], [{ key: 'b', result: 'NOT_EXECUTED', skipped: true }]])).toMatchObject({ totalCount: 2, notExecutedCount: 1, skippedCount: 1 });
  });
});

describe('chainsOf', () => {
  it('orders linked rows oldest first and keeps unlinked rows as chains of one', () => {
    const rows = [
      { id: 3, parentId: 2 },
      { id: 1, parentId: null },
      { id: 2, parentId: 1 },
      { id: 9, parentId: 77 },
    ];
    expect(chainsOf(rows).map((c) => c.map((r) => r.id))).toEqual([[1, 2, 3], [9]]);
  });
});
