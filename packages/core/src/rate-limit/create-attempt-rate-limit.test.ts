import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimitError, ServerError } from '../errors/errors.js';
import { createAttemptRateLimit } from './create-attempt-rate-limit.js';
import { createTokenBucketLimiter } from './create-token-bucket-limiter.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

function setup(estimate: { requestedCompletionTokens?: number } = {}) {
  // 600 capacity, 1 token per ms; requests off.
  const limiter = createTokenBucketLimiter({ tpm: 60_000, burstFraction: 0.01 });
  const rateLimit = createAttemptRateLimit({
    limiter,
    tokens: 500,
    promptTokens: 100,
    ...estimate,
  });
  const signal = new AbortController().signal;
  return { limiter, rateLimit, signal };
}

describe('createAttemptRateLimit', () => {
  it('takes the estimate before each attempt and settles it with the usage', async () => {
    const { limiter, rateLimit, signal } = setup();
    await rateLimit.beforeAttempt({ attempt: 1, signal });
    expect(limiter.health().tokens?.available).toBe(100);
    rateLimit.succeeded(1, { total_tokens: 150 });
    expect(limiter.health().tokens?.available).toBe(450);
  });

  it('settles at the requested maximum when the request set one (the upstream counts it)', async () => {
    const { limiter, rateLimit, signal } = setup({ requestedCompletionTokens: 300 });
    await rateLimit.beforeAttempt({ attempt: 1, signal });
    rateLimit.succeeded(1, { total_tokens: 150 });
    expect(limiter.health().tokens?.available).toBe(200); // 600 - (100 + 300)
  });

  it('keeps the estimate when the usage is unknown or the attempt failed otherwise', async () => {
    const { limiter, rateLimit, signal } = setup();
    await rateLimit.beforeAttempt({ attempt: 1, signal });
    rateLimit.succeeded(1, undefined);
    await vi.advanceTimersByTimeAsync(400);
    await rateLimit.beforeAttempt({ attempt: 2, signal });
    rateLimit.failed(2, new ServerError({ message: 'boom', status: 500 }));
    expect(limiter.health()).toMatchObject({ tokens: { available: 0 }, pausedUntil: undefined });
  });

  it('gives the tokens back and pauses every caller on an upstream 429', async () => {
    const { limiter, rateLimit, signal } = setup();
    await rateLimit.beforeAttempt({ attempt: 1, signal });
    rateLimit.failed(
      1,
      new RateLimitError({ message: 'slow down', status: 429, retryAfterMs: 2000 }),
    );
    expect(limiter.health()).toMatchObject({ tokens: { available: 600 }, pausedUntil: 2000 });
    let started = false;
    const retry = rateLimit.beforeAttempt({ attempt: 2, signal }).then(() => {
      started = true;
    });
    await vi.advanceTimersByTimeAsync(1999);
    expect(started).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await retry;
    expect(started).toBe(true);
  });

  it('does not pause on its own local refusal', () => {
    const { limiter, rateLimit } = setup();
    rateLimit.failed(1, new RateLimitError({ message: 'local', local: true, retryAfterMs: 5000 }));
    expect(limiter.health().pausedUntil).toBeUndefined();
  });

  it('learns from headers dated at the attempt it answers', async () => {
    const { limiter, rateLimit, signal } = setup();
    await rateLimit.beforeAttempt({ attempt: 1, signal });
    rateLimit.learn(1, {
      'x-ratelimit-limit-tokens': '30000',
      'x-ratelimit-remaining-tokens': '0',
    });
    expect(limiter.health().tokens).toMatchObject({ limit: 30_000, available: 0 });
  });
});
