import { describe, expect, it } from 'vitest';
import { estimateUpstreamAvailable } from './estimate-upstream-available.js';

describe('estimateUpstreamAvailable', () => {
  it('is the remaining count when nothing happened since', () => {
    expect(
      estimateUpstreamAvailable({
        values: { remaining: 42 },
        limit: 600,
        grantedSince: 0,
        elapsedMs: 0,
      }),
    ).toBe(42);
  });

  it('takes off the grants since and adds the regain at limit per minute', () => {
    // 600 per minute = 0.01 per ms: 500 ms regains 5.
    expect(
      estimateUpstreamAvailable({
        values: { remaining: 2, limit: 600 },
        limit: 1000,
        grantedSince: 4,
        elapsedMs: 500,
      }),
    ).toBeCloseTo(3, 9);
  });

  it('regains faster when the reset says the rest comes back sooner', () => {
    // 100 missing back within 1 s: 0.1 per ms beats 600 per minute.
    expect(
      estimateUpstreamAvailable({
        values: { remaining: 500, limit: 600, resetMs: 1000 },
        limit: 600,
        grantedSince: 0,
        elapsedMs: 100,
      }),
    ).toBeCloseTo(510, 9);
  });
});
