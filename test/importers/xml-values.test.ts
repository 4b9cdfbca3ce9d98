import { describe, expect, it } from 'vitest';
import { isoTime, secondsToMs, timeSpanToMs } from '../../src/importers/xml/values.js';

describe('secondsToMs', () => {
  it.each([
    ['0.123', 123],
    ['4.5e-05', 0],
    ['1.5E3', 1_500_000],
    ['2,503.1', 2_503_100],
    ['0,014', 14],
    ['-345345', undefined],
    ['', undefined],
    ['NaN', undefined],
    ['12 s', undefined],
    [undefined, undefined],
  ])('%j -> %j', (input, expected) => {
    expect(secondsToMs(input)).toBe(expected);
  });
});

describe('timeSpanToMs', () => {
  it.each([
    ['00:00:00.1084258', 108],
    ['01:02:03', 3_723_000],
    ['1.00:00:01.5', 86_401_500],
    ['garbage', undefined],
  ])('%j -> %j', (input, expected) => {
    expect(timeSpanToMs(input)).toBe(expected);
  });
});

describe('isoTime', () => {
  it.each([
    ['2017-12-15 18:14:36Z', '2017-12-15T18:14:36Z'],
    ['2021-04-20T08:31:32.9669698+02:00', '2021-04-20T08:31:32.9669698+02:00'],
    ['6/12/2007', undefined],
    ['2018-38-06T02:38:04', undefined],
  ])('%j -> %j', (input, expected) => {
    expect(isoTime(input)).toBe(expected);
  });
});
