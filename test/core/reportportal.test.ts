import { describe, expect, it } from 'vitest';
import { caseProperties, errorText, launchFacts, logLevel, messageOfError, parseRpTime, resultOfStatus, roleOnStart } from '../../src/core/reportportal.js';

describe('ReportPortal times', () => {
  const at = Date.parse('2026-01-02T03:04:05.123Z');
  it.each([
    [at, at],
    [`${at}`, at],
    ['2026-01-02T03:04:05.123456+0000', at], // Python, 5.13.2 and later
    ['2026-01-02T03:04:05.123456Z', at], // Java's Instant
    ['2026-01-02T03:04:05.123456789Z', at], // nanoseconds
    ['2026-01-02T05:04:05.123+02:00', at],
    ['2026-01-02T05:04:05.123+0200', at],
    ['2026-01-02T03:04:05.123', at], // no offset: UTC
    ['2026-01-02T03:04:05Z', at - 123],
    [null, null],
    [undefined, null],
  ] as const)('%s', (value, expected) => {
    expect(parseRpTime(value)).toBe(expected);
  });

  it.each(['yesterday', '2026-13-45T99:00:00Z', '2026-01-02', -5, Number.NaN])('refuses %s', (value) => {
    expect(parseRpTime(value)).toBeUndefined();
  });
});

describe('ReportPortal statuses', () => {
  it.each([
    ['passed', 'SUCCESS'],
    ['PASSED', 'SUCCESS'],
    ['info', 'SUCCESS'],
    ['warn', 'SUCCESS'],
    ['failed', 'FAILURE'],
    ['interrupted', 'FAILURE'],
    ['skipped', 'SKIPPED'],
    ['cancelled', 'SKIPPED'],
    ['stopped', 'STOPPED'],
    [undefined, undefined],
    ['in_progress', undefined],
  ])('%s → %s', (status, result) => {
    expect(resultOfStatus(status)).toBe(result);
  });
});

describe('where an item is placed when it starts', () => {
  it.each([
    ['STEP', 'case'],
    ['SCENARIO', 'case'],
    ['BEFORE_METHOD', 'hook'], // left out of ReportPortal's statistics
    ['AFTER_CLASS', 'hook'],
    ['step', 'case'],
    [undefined, 'case'],
    ['SUITE', 'suite'],
    ['STORY', 'suite'],
    ['TEST', 'suite'], // Playwright's describe blocks, TestNG's <test>
  ])('%s → %s', (type, role) => {
    expect(roleOnStart(type)).toBe(role);
  });
});

describe('a launch start, as a run and a machine', () => {
  it('keeps user attributes and the description in the environment; os or host name the machine', () => {
    const facts = launchFacts({
      description: 'nightly',
      mode: 'DEBUG',
      attributes: [
        { key: 'build', value: '1234' },
        { value: 'smoke' },
        { value: 'slow' },
        { key: 'agent', value: '@reportportal/agent-js-jest|5.2.2', system: true },
        { key: 'os', value: 'Linux|x64', system: true },
      ],
    });
    expect(facts).toEqual({
      environment: { build: '1234', tags: 'smoke, slow', agent: '@reportportal/agent-js-jest|5.2.2', description: 'nightly', mode: 'DEBUG' },
      buildNo: '1234',
      machine: { title: 'Linux x64', hostName: null },
    });
    expect(launchFacts({ attributes: [{ key: 'os', value: 'Linux', system: true }, { key: 'hostname', value: 'ci-7', system: true }] }).machine).toEqual({ title: 'ci-7', hostName: 'ci-7' });
    expect(launchFacts({ mode: 'DEFAULT' })).toEqual({ environment: {}, buildNo: null, machine: { title: 'default', hostName: null } });
  });
});

describe('what a case keeps', () => {
  it('code reference, test case id, parameters, attributes; at the finish the issue and the status the result does not say', () => {
    const start = { name: 't', launchUuid: 'l', codeRef: 'a/b', testCaseId: 'a/b[EUR]', parameters: [{ key: 'currency', value: 'EUR' }], attributes: [{ key: 'area', value: 'pay' }, { value: 'smoke' }] };
    const p = caseProperties(start, { status: 'warn', issue: { issueType: 'pb001', comment: 'known' } }, null);
    expect(p).toEqual({ codeRef: 'a/b', testCaseId: 'a/b[EUR]', parameters: 'currency=EUR', attributes: 'area:pay, smoke', issueType: 'pb001', issueComment: 'known', status: 'warn' });
  });

  it("a failure's message is the error up to its stack frames", () => {
    const description = 'some text\n```error\nError: expected 1\n\nExpected: 2\n    at f (a.js:1:1)\n    at g (b.js:2:2)\n```';
    expect(errorText(description)).toBe('Error: expected 1\n\nExpected: 2\n    at f (a.js:1:1)\n    at g (b.js:2:2)');
    expect(messageOfError(errorText(description)!)).toBe('Error: expected 1\n\nExpected: 2');
    expect(errorText('no fence')).toBeNull();
  });

  it('levels as shown', () => {
    expect(['trace', 'DEBUG', 'info', 'warn', 'error', 'FATAL', '', 'custom'].map(logLevel)).toEqual(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'INFO', 'CUSTOM']);
  });
});
