import { describe, expect, it } from 'vitest';
import { formatGoDuration } from './format-go-duration.js';

describe('formatGoDuration', () => {
  it.each([
    [0, '0s'],
    [12, '12ms'],
    [1.5, '1.5ms'],
    [0.25, '250µs'],
    [999, '999ms'],
    [1000, '1s'],
    [2500, '2.5s'],
    [60_000, '1m0s'],
    [90_500, '1m30.5s'],
    [360_000, '6m0s'],
    [3_600_000, '1h0m0s'],
    [3_723_004, '1h2m3.004s'],
    [-1500, '-1.5s'],
  ])('formats %d ms as %s', (milliseconds, expected) => {
    expect(formatGoDuration(milliseconds)).toBe(expected);
  });

  it('refuses a duration that is not finite', () => {
    expect(() => formatGoDuration(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
