import { describe, expect, it } from 'vitest';
import { createRateMeter } from './create-rate-meter.js';

describe('createRateMeter', () => {
  it('measures since its creation while that is shorter than the window', () => {
    let clock = 1000;
    const meter = createRateMeter({ windowMs: 10_000, bucketMs: 500, now: () => clock });
    expect(meter.perSecond()).toBe(0);
    clock = 3000;
    meter.record(40);
    expect(meter.perSecond()).toBe(20);
  });

  it('forgets what fell out of the window: the rate follows a slow-down', () => {
    let clock = 0;
    const meter = createRateMeter({ windowMs: 10_000, bucketMs: 1000, now: () => clock });
    // A burst of 100 rows/s for 5 s, then a steady 10 rows/s.
    for (; clock < 5000; clock += 100) meter.record(10);
    for (; clock < 30_000; clock += 100) meter.record(1);
    expect(meter.perSecond()).toBeCloseTo(10, 5);
    // Averaged since the start it would still read 24 rows/s.
  });

  it('reads 0 once nothing happened for a whole window', () => {
    let clock = 0;
    const meter = createRateMeter({ windowMs: 5000, bucketMs: 500, now: () => clock });
    meter.record(50);
    clock = 2500;
    expect(meter.perSecond()).toBe(20);
    clock = 60_000;
    expect(meter.perSecond()).toBe(0);
  });
});
