import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError, RateLimitError } from '../errors/errors.js';
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

describe('createTokenBucketLimiter: refill and admission', () => {
  it('spaces requests at rpm / 60 s once the burst is spent', async () => {
    // 600 RPM: one request every 100 ms, capacity 1.
    const rateLimiter = limiter({ rpm: 600 });
    const times: number[] = [];
    const calls = Array.from({ length: 5 }, () =>
      rateLimiter.acquire({}).then(() => times.push(Date.now())),
    );
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(calls);
    expect(times).toEqual([0, 100, 200, 300, 400]);
  });

  it('lets a burst of limit × burstFraction through at once, then the rate', async () => {
    const rateLimiter = limiter({ rpm: 6000, burstFraction: 0.001 }); // capacity 6, 10 ms apart
    const times: number[] = [];
    const calls = Array.from({ length: 8 }, () =>
      rateLimiter.acquire({}).then(() => times.push(Date.now())),
    );
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(calls);
    expect(times).toEqual([0, 0, 0, 0, 0, 0, 10, 20]);
  });

  it('takes the estimated tokens and refills them at tpm / 60 s', async () => {
    const rateLimiter = limiter({ tpm: 60_000, burstFraction: 0.01 }); // 600 capacity, 1 per ms
    await rateLimiter.acquire({ tokens: 600 });
    expect(rateLimiter.health().tokens?.available).toBe(0);
    let granted = false;
    const next = rateLimiter.acquire({ tokens: 250 }).then(() => {
      granted = true;
    });
    await vi.advanceTimersByTimeAsync(249);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await next;
    expect(granted).toBe(true);
  });

  it('refuses at once, not retryable, tokens above the whole tpm', async () => {
    const rateLimiter = limiter({ tpm: 1000 });
    const error = await rateLimiter.acquire({ tokens: 1001 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ local: true, retryable: false });
    expect((error as Error).message).toMatch(/1001 tokens, more than the whole limit of 1000/);
    expect(rateLimiter.health().waiters).toBe(0);
  });

  it('validates its options', () => {
    expect(() => limiter({ rpm: -1 })).toThrow(RangeError);
    expect(() => limiter({ burstFraction: 2 })).toThrow(/burstFraction/);
  });
});

describe('createTokenBucketLimiter: FIFO', () => {
  it('serves waiters in order: a large request at the head holds back later small ones', async () => {
    // 100 tokens capacity, 1 token per 10 ms... 6000 TPM = 0.1 per ms.
    const rateLimiter = limiter({ tpm: 6000, burstFraction: 1 / 60 });
    const order: string[] = [];
    await rateLimiter.acquire({ tokens: 100 });
    const large = rateLimiter.acquire({ tokens: 400 }).then(() => order.push('large'));
    const small = rateLimiter.acquire({ tokens: 1 }).then(() => order.push('small'));
    // The large one needs a full bucket (100 tokens): 1000 ms; it does not wait for 400.
    await vi.advanceTimersByTimeAsync(999);
    expect(order).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await large;
    expect(order).toEqual(['large']);
    // It left the bucket 300 in debt: the small one goes when 1 token is back.
    await vi.advanceTimersByTimeAsync(3000);
    expect(order).toEqual(['large']);
    await vi.advanceTimersByTimeAsync(10);
    await small;
    expect(order).toEqual(['large', 'small']);
  });

  it('keeps arrival order under load', async () => {
    const rateLimiter = limiter({ rpm: 600, tpm: 60_000 });
    const order: number[] = [];
    const calls = Array.from({ length: 20 }, (_, index) =>
      rateLimiter.acquire({ tokens: (index % 3) * 300 + 10 }).then(() => order.push(index)),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    await Promise.all(calls);
    expect(order).toEqual(Array.from({ length: 20 }, (_, index) => index));
  });
});

describe('createTokenBucketLimiter: maxWaitMs and abort', () => {
  it('refuses at once, locally, a wait projected beyond maxWaitMs', async () => {
    const rateLimiter = limiter({ rpm: 60, maxWaitMs: 1500 }); // one per second
    const waits: unknown[] = [];
    const onWait = (wait: unknown) => waits.push(wait);
    await rateLimiter.acquire({ onWait });
    const second = rateLimiter.acquire({ onWait });
    const third = rateLimiter.acquire({ onWait }).catch((caught: unknown) => caught);
    const error = await third;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ local: true, retryable: false, retryAfterMs: 2000 });
    expect(waits).toEqual([
      { limit: 'requests', waitMs: 1000, refused: false },
      { limit: 'requests', waitMs: 2000, refused: true },
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(second).resolves.toMatchObject({ waitedMs: 1000 });
  });

  it('never waits with maxWaitMs 0', async () => {
    const rateLimiter = limiter({ rpm: 60, maxWaitMs: 0 });
    await rateLimiter.acquire({});
    await expect(rateLimiter.acquire({})).rejects.toMatchObject({ local: true });
  });

  it('fails a waiter whose wait grew past maxWaitMs (a pause came in)', async () => {
    const rateLimiter = limiter({ rpm: 60, maxWaitMs: 2000 });
    await rateLimiter.acquire({});
    const waiting = rateLimiter.acquire({}).catch((caught: unknown) => caught);
    rateLimiter.pause(Date.now() + 10_000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await waiting).toMatchObject({ local: true, code: 'rate_limit_exceeded' });
    expect(rateLimiter.health().waiters).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cancels a wait on abort, leaves no timer, and lets the next waiter move up', async () => {
    const rateLimiter = limiter({ tpm: 6000, burstFraction: 1 / 60 });
    await rateLimiter.acquire({ tokens: 100 });
    const controller = new AbortController();
    const large = rateLimiter
      .acquire({ tokens: 100, signal: controller.signal })
      .catch((caught: unknown) => caught);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort(new Error('caller left'));
    expect(await large).toBeInstanceOf(AbortError);
    expect(vi.getTimerCount()).toBe(0);
    expect(rateLimiter.health().waiters).toBe(0);
    const small = rateLimiter.acquire({ tokens: 10 });
    await vi.advanceTimersByTimeAsync(100);
    await expect(small).resolves.toMatchObject({ tokens: 10, waitedMs: 100 });
  });

  it('rejects an already aborted signal and every waiter on dispose', async () => {
    const rateLimiter = limiter({ rpm: 60 });
    await expect(rateLimiter.acquire({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
    await rateLimiter.acquire({});
    const waiting = rateLimiter.acquire({}).catch((caught: unknown) => caught);
    await rateLimiter.dispose();
    expect(await waiting).toBeInstanceOf(AbortError);
    expect(vi.getTimerCount()).toBe(0);
    await expect(rateLimiter.acquire({})).rejects.toBeInstanceOf(AbortError);
  });
});
