import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTokenBucketLimiter } from './create-token-bucket-limiter.js';
import type { TokenBucketLimiterOptions } from './token-bucket-limiter-options.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function limiter(options: TokenBucketLimiterOptions) {
  return createTokenBucketLimiter({ now: () => Date.now(), ...options });
}

describe('createTokenBucketLimiter: reconciliation', () => {
  it('gives back the unused estimate, so the next request goes sooner', async () => {
    const rateLimiter = limiter({ tpm: 60_000, burstFraction: 0.01 }); // 600 capacity, 1 per ms
    const grant = await rateLimiter.acquire({ tokens: 600 });
    let granted = false;
    const next = rateLimiter.acquire({ tokens: 300 }).then(() => {
      granted = true;
    });
    grant.reconcile(200); // 400 unused
    await vi.advanceTimersByTimeAsync(0);
    await next;
    expect(granted).toBe(true);
    expect(rateLimiter.health().tokens?.available).toBe(100);
  });

  it('takes the excess when the usage beat the estimate, and settles only once', async () => {
    const rateLimiter = limiter({ tpm: 60_000, burstFraction: 0.01 });
    const grant = await rateLimiter.acquire({ tokens: 100 });
    grant.reconcile(350);
    grant.reconcile(0);
    grant.release();
    expect(rateLimiter.health().tokens?.available).toBe(250);
  });

  it('gives back the request and the tokens on release (nothing was sent)', async () => {
    const rateLimiter = limiter({ rpm: 60, tpm: 60_000, burstFraction: 0.01 });
    const grant = await rateLimiter.acquire({ tokens: 500 });
    expect(rateLimiter.health().requests?.available).toBe(0);
    grant.release();
    expect(rateLimiter.health()).toMatchObject({
      requests: { available: 1 },
      tokens: { available: 600 },
    });
  });
});

describe('createTokenBucketLimiter: learning from x-ratelimit-* headers', () => {
  it('adopts a smaller upstream limit and reports what it learned', () => {
    const rateLimiter = limiter({ rpm: 6000, tpm: 1_000_000, burstFraction: 0.001 });
    rateLimiter.learn({
      'x-ratelimit-limit-requests': '3000',
      'x-ratelimit-remaining-requests': '2999',
      'x-ratelimit-reset-requests': '20ms',
      'x-ratelimit-limit-tokens': '2000000',
    });
    const health = rateLimiter.health();
    expect(health.requests).toMatchObject({
      limit: 3000,
      configuredLimit: 6000,
      capacity: 3,
      learned: { limit: 3000, remaining: 2999, resetMs: 20, at: 0 },
    });
    // A larger upstream limit never raises the configured one.
    expect(health.tokens).toMatchObject({ limit: 1_000_000, learned: { limit: 2_000_000 } });
  });

  it('lowers the bucket when the upstream has less left (another process shares the key)', async () => {
    const rateLimiter = limiter({ rpm: 60_000, burstFraction: 0.001 }); // capacity 60, 1 per ms
    expect(rateLimiter.health().requests?.available).toBe(60);
    rateLimiter.learn(new Headers({ 'x-ratelimit-remaining-requests': '5' }));
    expect(rateLimiter.health().requests?.available).toBe(5);
    const times: number[] = [];
    const calls = Array.from({ length: 7 }, () =>
      rateLimiter.acquire({}).then(() => times.push(Date.now())),
    );
    await vi.advanceTimersByTimeAsync(10);
    await Promise.all(calls);
    expect(times).toEqual([0, 0, 0, 0, 0, 1, 2]);
  });

  it('brings stale headers up to now: grants since and refill since count', async () => {
    const rateLimiter = limiter({ rpm: 600 }); // 0.01 per ms, capacity 1
    const first = await rateLimiter.acquire({});
    await vi.advanceTimersByTimeAsync(100);
    await rateLimiter.acquire({}); // granted at 100, bucket empty again
    await vi.advanceTimersByTimeAsync(50); // bucket at 0.5
    // The upstream had 0 left when it answered the first request (at 0): since
    // then one more was granted and 150 ms regained 1.5; 0 - 1 + 1.5 = 0.5.
    rateLimiter.learn(
      { 'x-ratelimit-limit-requests': '600', 'x-ratelimit-remaining-requests': '0' },
      { sentAt: first.grantedAt },
    );
    expect(rateLimiter.health().requests?.available).toBeCloseTo(0.5, 9);
    // Read as fresh, the same headers would have emptied the bucket.
    rateLimiter.learn({ 'x-ratelimit-remaining-requests': '0' });
    expect(rateLimiter.health().requests?.available).toBe(0);
  });

  it('ignores headers for a limit that is off, and more room than the bucket holds', () => {
    const rateLimiter = limiter({ rpm: 600 });
    rateLimiter.learn({
      'x-ratelimit-remaining-requests': '400',
      'x-ratelimit-limit-tokens': '10',
      'x-ratelimit-remaining-tokens': '0',
    });
    expect(rateLimiter.health()).toEqual({
      requests: {
        limit: 600,
        configuredLimit: 600,
        capacity: 1,
        available: 1,
        learned: { limit: undefined, remaining: 400, resetMs: undefined, at: 0 },
      },
      tokens: undefined,
      waiters: 0,
      pausedUntil: undefined,
    });
  });
});

describe('createTokenBucketLimiter: pause after an upstream 429', () => {
  it('holds every caller until the retry-after, then resumes at the rate', async () => {
    const rateLimiter = limiter({ rpm: 6000, burstFraction: 0.001 });
    const waits: unknown[] = [];
    rateLimiter.pause(2000);
    expect(rateLimiter.health()).toMatchObject({ pausedUntil: 2000 });
    const times: number[] = [];
    const calls = Array.from({ length: 8 }, () =>
      rateLimiter
        .acquire({ onWait: (wait) => waits.push(wait) })
        .then(() => times.push(Date.now())),
    );
    expect(waits[0]).toEqual({ limit: 'upstream', waitMs: 2000, refused: false });
    await vi.advanceTimersByTimeAsync(1999);
    expect(times).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(calls);
    expect(times).toEqual([2000, 2000, 2000, 2000, 2000, 2000, 2010, 2020]);
    expect(rateLimiter.health().pausedUntil).toBeUndefined();
  });

  it('keeps the later of two pauses', () => {
    const rateLimiter = limiter({ rpm: 60 });
    rateLimiter.pause(5000);
    rateLimiter.pause(1000);
    expect(rateLimiter.health().pausedUntil).toBe(5000);
  });

  it('pauses even with both limits off', async () => {
    const rateLimiter = limiter({});
    rateLimiter.pause(500);
    const grant = rateLimiter.acquire({});
    await vi.advanceTimersByTimeAsync(500);
    await expect(grant).resolves.toMatchObject({ waitedMs: 500 });
  });
});
