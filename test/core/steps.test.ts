import { describe, expect, it } from 'vitest';
import { caseResultFromSteps, depthFirstOrder, resolveSteps, type StepFacts } from '../../src/core/steps.js';
import { MAJOR_STEP_FAILED_MESSAGE } from '../../src/core/vocabulary.js';

const ok: StepFacts = { result: 'SUCCESS' };

describe('resolveSteps and caseResultFromSteps (reference.md §4.2)', () => {
  it('a MAJOR failure at step 4 of 6: case FAILURE, steps 5 and 6 NOT_EXECUTED with the automator message', () => {
    const steps: StepFacts[] = [ok, ok, ok, { result: 'FAILURE', priority: 'MAJOR' }, {}, {}];
    const resolved = resolveSteps(steps);
    if (!Array.isArray(resolved)) throw new Error(resolved.message);
    expect(resolved.map((s) => s.result)).toEqual(['SUCCESS', 'SUCCESS', 'SUCCESS', 'FAILURE', 'NOT_EXECUTED', 'NOT_EXECUTED']);
    expect(resolved[4]!.message).toBe(MAJOR_STEP_FAILED_MESSAGE);
    expect(caseResultFromSteps(steps, resolved)).toBe('FAILURE');
  });
  it('a MINOR failure does not stop the steps after it, but still fails the case', () => {
    const steps: StepFacts[] = [{ result: 'FAILURE', priority: 'MINOR' }, {}];
    expect(resolveSteps(steps)).toMatchObject({ path: [1], field: 'result' });
    const ran: StepFacts[] = [{ result: 'FAILURE', priority: 'MINOR' }, ok];
    const resolved = resolveSteps(ran);
    if (!Array.isArray(resolved)) throw new Error(resolved.message);
    expect(resolved.map((s) => s.result)).toEqual(['FAILURE', 'SUCCESS']);
    expect(caseResultFromSteps(ran, resolved)).toBe('FAILURE');
  });
  it('a step after a failed MAJOR step that claims SUCCESS contradicts the report', () => {
    expect(resolveSteps([{ result: 'FAILURE' }, ok])).toMatchObject({ path: [1], field: 'result', message: expect.stringContaining('MAJOR') });
  });
  it('conditional and ignored steps do not count towards the case', () => {
    const steps: StepFacts[] = [ok, { result: 'FAILURE', conditionType: 'CONDITION_IF' }, { result: 'FAILURE', ignoreResult: true }];
    const resolved = resolveSteps(steps);
    if (!Array.isArray(resolved)) throw new Error(resolved.message);
    expect(caseResultFromSteps(steps, resolved)).toBe('SUCCESS');
    // ...and a failed conditional step does not skip the rest.
    expect(resolved[2]!.result).toBe('FAILURE');
  });
  it('a step group without its own result takes the roll-up of its children', () => {
    const resolved = resolveSteps([{ children: [ok, { result: 'FAILURE' }, {}] }]);
    if (!Array.isArray(resolved)) throw new Error(resolved.message);
    expect(resolved[0]!.result).toBe('FAILURE');
    expect(resolved[0]!.children.map((c) => c.result)).toEqual(['SUCCESS', 'FAILURE', 'NOT_EXECUTED']);
  });
  it('a group that says SUCCESS while a child failed contradicts itself', () => {
    expect(resolveSteps([{ result: 'SUCCESS', children: [{ result: 'FAILURE' }] }])).toMatchObject({ path: [0], field: 'result' });
  });
  it('a leaf step without a result (and no failure before it) is an error', () => {
    expect(resolveSteps([ok, {}])).toMatchObject({ path: [1], message: expect.stringContaining('required') });
  });
  it('no counted steps: the case is SUCCESS (the automator starts from SUCCESS)', () => {
    const steps: StepFacts[] = [{ result: 'FAILURE', ignoreResult: true }];
    const resolved = resolveSteps(steps);
    if (!Array.isArray(resolved)) throw new Error(resolved.message);
    expect(caseResultFromSteps(steps, resolved)).toBe('SUCCESS');
  });
});

describe('depthFirstOrder', () => {
  it('puts each group before its children, siblings by start time, then as they came', () => {
    const s = (id: string, parentId: string | null, startTime: number | null, position: number) => ({ id, parentId, startTime, position });
    const order = depthFirstOrder([s('after', null, 30, 0), s('group', null, 10, 1), s('pear', 'group', 12, 2), s('before', null, 0, 3), s('apple', 'group', 11, 4), s('untimed', null, null, 5), s('tie', null, 30, 6)]);
    expect(order.map((x) => x.id)).toEqual(['before', 'group', 'apple', 'pear', 'after', 'tie', 'untimed']);
  });
});
