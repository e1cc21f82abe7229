import { describe, expect, it } from 'vitest';
import { correctSharedBuckets } from './correct-shared-buckets.js';

describe('correctSharedBuckets', () => {
  it('lowers to the remaining count less this process’s grants since, and passes the limit on', () => {
    const correction = correctSharedBuckets({
      headers: { 'x-ratelimit-limit-requests': '600', 'x-ratelimit-remaining-requests': '10' },
      limits: { requests: 1000, tokens: 50_000 },
      grantedSince: { requests: 3, tokens: 0 },
      elapsedMs: 0,
    });
    expect(correction).toMatchObject({
      targets: [7, undefined],
      limits: [600, undefined],
      learned: { requests: { limit: 600, remaining: 10 } },
      useful: true,
    });
  });

  it('adds what the upstream regained since the answered request was sent', () => {
    const correction = correctSharedBuckets({
      headers: { 'x-ratelimit-remaining-tokens': '0' },
      limits: { tokens: 60_000 },
      grantedSince: { requests: 0, tokens: 0 },
      elapsedMs: 500, // 1,000 tokens a second
    });
    expect(correction.targets).toEqual([undefined, 500]);
  });

  it('asks nothing of Redis for headers it cannot use or limits that are off', () => {
    const correction = correctSharedBuckets({
      headers: { 'x-ratelimit-remaining-requests': '5' },
      limits: { tokens: 1000 },
      grantedSince: { requests: 0, tokens: 0 },
      elapsedMs: 0,
    });
    expect(correction.useful).toBe(false);
  });
});
