import { describe, expect, it } from 'vitest';
import { looksLikeJUnit } from '../../src/importers/junit/detect.js';
import { firstLine, isoTimestamp, parseSeconds, secondsToMs } from '../../src/importers/junit/values.js';

describe('secondsToMs: JUnit time attribute to integer ms', () => {
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

describe('isoTimestamp: JUnit timestamp to ISO-8601', () => {
  it.each([
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

describe('looksLikeJUnit on a long head', () => {
  it('scans past a long license comment without backtracking', () => {
    const head = `<?xml version="1.0"?>\n<!--${' MIT License'.repeat(300)}-->\n<testsuite name="x">`;
    expect(looksLikeJUnit(head)).toBe(true);
    expect(looksLikeJUnit(head.slice(0, 2000))).toBe(false);
  });
});
