import { describe, expect, it } from 'vitest';
import { projectQueueWait, type BucketSnapshot } from './project-queue-wait.js';

// 600 RPM (0.01 per ms, capacity 1) and 60,000 TPM (1 per ms, capacity 1000).
const requests: BucketSnapshot = { kind: 'requests', available: 1, capacity: 1, ratePerMs: 0.01 };
const tokens: BucketSnapshot = { kind: 'tokens', available: 1000, capacity: 1000, ratePerMs: 1 };

describe('projectQueueWait', () => {
  it('is zero for one attempt that fits', () => {
    const projection = projectQueueWait({
      now: 0,
      pausedUntil: 0,
      buckets: [requests, tokens],
      costs: [{ requests: 1, tokens: 10 }],
    });
    expect(projection.waitMs).toBe(0);
  });

  it('adds up the queue ahead: the third request of a 1-capacity bucket waits two refills', () => {
    const cost = { requests: 1, tokens: 10 };
    const projection = projectQueueWait({
      now: 0,
      pausedUntil: 0,
      buckets: [requests, tokens],
      costs: [cost, cost, cost],
    });
    expect(projection).toEqual({ waitMs: 200, limit: 'requests' });
  });

  it('names tokens when they bind, counting the debt of a large request ahead', () => {
    const projection = projectQueueWait({
      now: 0,
      pausedUntil: 0,
      buckets: [requests, tokens],
      costs: [
        { requests: 1, tokens: 3000 },
        { requests: 1, tokens: 500 },
      ],
    });
    // The first leaves -2000 tokens; the second needs 500: 2500 ms at 1 per ms.
    expect(projection).toEqual({ waitMs: 2500, limit: 'tokens' });
  });

  it('names the upstream while a pause outlasts the buckets', () => {
    const projection = projectQueueWait({
      now: 1000,
      pausedUntil: 4000,
      buckets: [requests],
      costs: [{ requests: 1, tokens: 0 }],
    });
    expect(projection).toEqual({ waitMs: 3000, limit: 'upstream' });
  });
});
