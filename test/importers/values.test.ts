import { describe, expect, it } from 'vitest';
import { firstLine, isoTimestamp, parseSeconds, secondsToMs, timeSpanToMs } from '../../src/importers/values.js';
import { rootElement } from '../../src/importers/xml/sniff.js';

describe('secondsToMs: a time in seconds (JUnit, NUnit, xUnit) to integer ms', () => {
  it.each([
    ['0.123', 123],
    ['1.2345', 1235],
    ['12', 12_000],
    ['.5', 500],
    [' 3.5 ', 3500],
    ['4.5e-05', 0],
    ['1.5E+3', 1_500_000],
    ['2,503.1', 2_503_100], // surefire's locale-formatted thousands
    ['1,234', 1_234_000], // a valid thousands group, as Jenkins reads it
    ['12,345,678.9', 12_345_678_900],
    ['0,5', 500], // decimal comma
    ['0,014', 14], // decimal comma (.NET culture), not a thousands group: those never start with 0
    ['-345345', null], // clock jumped: unknown, not zero
    ['-0.001', null],
    ['', null],
    ['   ', null],
    ['abc', null],
    ['1.2.3', null],
    ['1,23,456', null],
    ['NaN', null],
    ['Infinity', null],
    ['1e400', null],
    ['12s', null],
    ['0x10', null],
    [undefined, null],
  ])('%j -> %s', (raw, ms) => {
    expect(secondsToMs(raw)).toBe(ms);
  });

  it('keeps sub-millisecond precision in seconds', () => {
    expect(parseSeconds('4.5e-05')).toBe(0.000045);
  });

  it('does not backtrack on long hostile values', () => {
    const started = performance.now();
    for (const raw of ['1'.repeat(39) + 'x', '1,'.repeat(20), '9'.repeat(100_000)]) expect(secondsToMs(raw)).toBeNull();
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('timeSpanToMs: a .NET TimeSpan (TRX duration) to integer ms', () => {
  it.each([
    ['00:00:00.1084258', 108],
    ['01:02:03', 3_723_000],
    ['1.00:00:01.5', 86_401_500],
    ['garbage', null],
    [undefined, null],
  ])('%j -> %j', (input, expected) => {
    expect(timeSpanToMs(input)).toBe(expected);
  });
});

describe('isoTimestamp: a report timestamp to ISO-8601', () => {
  it.each([
    ['2017-12-15 18:14:36Z', '2017-12-15T18:14:36Z'], // NUnit
    ['2021-04-20T08:31:32.9669698+02:00', '2021-04-20T08:31:32.9669698+02:00'], // TRX
    ['6/12/2007', null], // NUnit 2
    ['2018-38-06T02:38:04', null],
    ['2020-09-01T07:11:23.815873', '2020-09-01T07:11:23.815873Z'], // no offset: read as UTC
    ['2017-05-25 12:57:43Z', '2017-05-25T12:57:43Z'],
    ['2024-01-03T12:27:11.21-01:00', '2024-01-03T12:27:11.21-01:00'],
    ['2024-01-03T12:27:15+0100', '2024-01-03T12:27:15+0100'],
    ['2024-01-03T11:23', '2024-01-03T11:23Z'],
    ['2024-01-03', '2024-01-03'],
    ['2024-01-03T 12:40:13', null],
    ['2024-13-45T00:00:00', null],
    ['yesterday', null],
    ['', null],
    [undefined, null],
  ])('%j -> %j', (raw, iso) => {
    expect(isoTimestamp(raw)).toBe(iso);
  });
});

describe('firstLine', () => {
  it.each([
    ['\n\n  AssertionError: x\n  at y', 'AssertionError: x'],
    ['one', 'one'],
    ['  \n \t\n', null],
    ['', null],
    [null, null],
  ])('%j -> %j', (text, line) => {
    expect(firstLine(text)).toBe(line);
  });
});

describe('rootElement on a long head', () => {
  it('scans past a long license comment without backtracking', () => {
    const head = `<?xml version="1.0"?>\n<!--${' MIT License'.repeat(300)}-->\n<testsuite name="x">`;
    expect(rootElement(head)?.name).toBe('testsuite');
    expect(rootElement(head.slice(0, 2000))).toBeUndefined();
  });
});
