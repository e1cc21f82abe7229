import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HISTOGRAM_BINS,
  addHistogram,
  binOf,
  binValue,
  createLogHistogram,
  quantileOf,
  type LogHistogram,
} from './log-histogram.js';

function histogramOf(values: readonly number[]): LogHistogram {
  const histogram = createLogHistogram();
  for (const value of values) histogram[binOf(value)] = (histogram[binOf(value)] ?? 0) + 1;
  return histogram;
}

/** The sample quantile the histogram approximates: the `ceil(q × n)`-th smallest value. */
function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1] ?? Number.NaN;
}

describe('log histogram', () => {
  it('reads every duration from 0.1 ms to an hour back within 9.1 %', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.1, max: 3_600_000, noNaN: true }), (ms) => {
        expect(Math.abs(binValue(binOf(ms)) - ms) / ms).toBeLessThanOrEqual(0.091);
      }),
    );
  });

  it('puts zero, negative and NaN durations in the first bin, huge ones in the last', () => {
    expect(binOf(0)).toBe(0);
    expect(binOf(-5)).toBe(0);
    expect(binOf(Number.NaN)).toBe(0);
    expect(binOf(1e12)).toBe(HISTOGRAM_BINS - 1);
  });

  it('gives quantiles within 9.1 % of the exact sample quantiles', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.2, max: 600_000, noNaN: true }), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.constantFrom(0.5, 0.9, 0.99, 1),
        (values, q) => {
          const read = quantileOf(histogramOf(values), q) ?? Number.NaN;
          const exact = exactQuantile(values, q);
          expect(Math.abs(read - exact) / exact).toBeLessThanOrEqual(0.091);
        },
      ),
    );
  });

  it('reads p50 and p99 of 1..100 ms', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    const histogram = histogramOf(values);
    expect(Math.abs((quantileOf(histogram, 0.5) ?? 0) - 50) / 50).toBeLessThan(0.091);
    expect(Math.abs((quantileOf(histogram, 0.99) ?? 0) - 99) / 99).toBeLessThan(0.091);
  });

  it('has no quantile when empty, and merges by adding counts', () => {
    expect(quantileOf(createLogHistogram(), 0.5)).toBeNull();
    const merged = createLogHistogram();
    addHistogram(merged, histogramOf([1, 1, 1]));
    addHistogram(merged, histogramOf([1000]));
    expect(merged.reduce((sum, count) => sum + count, 0)).toBe(4);
    expect(quantileOf(merged, 0.5)).toBeLessThan(1.1);
    expect(quantileOf(merged, 1)).toBeGreaterThan(900);
  });
});
