import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket.js';

function setup(limitPerMinute: number, burstFraction = 0.01) {
  let time = 0;
  const bucket = createTokenBucket({ limitPerMinute, burstFraction, now: () => time });
  return {
    bucket,
    advance: (milliseconds: number) => {
      time += milliseconds;
    },
  };
}

describe('createTokenBucket', () => {
  it('starts full at limit × burstFraction and refills at limit / 60 s', () => {
    const { bucket, advance } = setup(6000);
    expect(bucket.capacity).toBe(60);
    expect(bucket.available()).toBe(60);
    bucket.take(60);
    expect(bucket.available()).toBe(0);
    advance(100); // 6000 per minute = 0.1 per millisecond
    expect(bucket.available()).toBeCloseTo(10, 9);
    advance(10_000);
    expect(bucket.available()).toBe(60);
  });

  it('never holds less than one unit of capacity', () => {
    const { bucket } = setup(600, 0.001);
    expect(bucket.capacity).toBe(1);
  });

  it('admits a cost larger than the capacity once full, and the debt is repaid at the rate', () => {
    const { bucket, advance } = setup(6000);
    expect(bucket.fits(500)).toBe(true);
    bucket.take(500);
    expect(bucket.available()).toBe(-440);
    expect(bucket.fits(1)).toBe(false);
    // 441 units at 0.1 per millisecond.
    expect(bucket.msUntilFits(1)).toBeCloseTo(4410, 6);
    advance(4410);
    expect(bucket.fits(1)).toBe(true);
  });

  it('waits for min(cost, capacity): a small cost needs only its own size', () => {
    const { bucket, advance } = setup(6000);
    bucket.take(60);
    expect(bucket.msUntilFits(5)).toBeCloseTo(50, 6);
    expect(bucket.msUntilFits(1000)).toBeCloseTo(600, 6);
    advance(50);
    expect(bucket.fits(5)).toBe(true);
    expect(bucket.fits(6)).toBe(false);
  });

  it('gives back up to the capacity and lowers on demand', () => {
    const { bucket } = setup(6000);
    bucket.take(30);
    bucket.give(100);
    expect(bucket.available()).toBe(60);
    bucket.lowerTo(-5);
    expect(bucket.available()).toBe(-5);
    bucket.lowerTo(20);
    expect(bucket.available()).toBe(-5);
  });

  it('changes rate and capacity when the limit changes', () => {
    const { bucket, advance } = setup(6000);
    bucket.setLimit(3000);
    expect(bucket.capacity).toBe(30);
    expect(bucket.available()).toBe(30);
    bucket.take(30);
    advance(100);
    expect(bucket.available()).toBeCloseTo(5, 9);
  });
});
