import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './parse-go-duration.js';

describe('parseGoDuration', () => {
  it.each([
    ['0s', 0],
    ['1s', 1000],
    ['12ms', 12],
    ['6m0s', 360_000],
    ['1m30.5s', 90_500],
    ['1h0m0s', 3_600_000],
    ['1.5ms', 1.5],
    ['250µs', 0.25],
    ['250us', 0.25],
    ['20s', 20_000],
    ['7.66s', 7660],
  ])('reads the Go duration %s as %d ms', (text, milliseconds) => {
    expect(parseGoDuration(text)).toBeCloseTo(milliseconds, 9);
  });

  it('reads a bare number as seconds', () => {
    expect(parseGoDuration('2')).toBe(2000);
    expect(parseGoDuration(' 0 ')).toBe(0);
  });

  it.each(['', 'soon', '-1s', '1x', 's', '1m 30s', '1.2.3s'])('rejects %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
