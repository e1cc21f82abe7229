import type { IBackoff, IRetryBackoffContext } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { BadRequestError, RateLimitError, ServerError } from '../errors/errors.js';
import { MAX_RETRY_AFTER_MS, RetryAfterBackoff } from './retry-after-backoff.js';

type Context = IRetryBackoffContext<unknown>;

const context = (error: Error, attempt = 1): Context => ({
  attempt,
  signal: new AbortController().signal,
  result: { error },
});

function durations(backoff: RetryAfterBackoff, errors: Error[]): number[] {
  let current: IBackoff<Context> | undefined;
  return errors.map((error, index) => {
    current =
      current === undefined
        ? backoff.next(context(error, 1))
        : current.next(context(error, index + 1));
    return current.duration;
  });
}

const serverError = (): ServerError => new ServerError({ message: 'upstream failed', status: 500 });

describe('RetryAfterBackoff', () => {
  it('draws each delay uniformly below min(maxDelayMs, baseDelayMs · 2^n) (full jitter)', () => {
    const draws = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5];
    const backoff = new RetryAfterBackoff({
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => draws.shift() ?? 0,
    });
    // ceilings 100, 200, 400, 800, 1000 (capped), 1000
    expect(durations(backoff, Array.from({ length: 6 }, serverError))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
  });

  it('spans the whole range from 0 up to just under the ceiling', () => {
    const low = new RetryAfterBackoff({ baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0 });
    const high = new RetryAfterBackoff({
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => 0.9999,
    });
    expect(durations(low, [serverError(), serverError()])).toEqual([0, 0]);
    expect(durations(high, [serverError(), serverError()])).toEqual([99, 199]);
  });

  it('waits for the upstream retry-after when it is longer than the backoff', () => {
    const backoff = new RetryAfterBackoff({
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => 0.5,
    });
    const limited = new RateLimitError({ message: 'slow down', status: 429, retryAfterMs: 7_000 });
    expect(durations(backoff, [limited])).toEqual([7_000]);
  });

  it('keeps the backoff when it is longer than the retry-after', () => {
    const backoff = new RetryAfterBackoff({
      baseDelayMs: 10_000,
      maxDelayMs: 20_000,
      random: () => 0.5,
    });
    const limited = new RateLimitError({ message: 'slow down', status: 429, retryAfterMs: 1_000 });
    expect(durations(backoff, [limited])).toEqual([5_000]);
  });

  it('caps a retry-after at 60 s', () => {
    const backoff = new RetryAfterBackoff({
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => 0.5,
    });
    const limited = new RateLimitError({
      message: 'slow down',
      status: 429,
      retryAfterMs: 3_600_000,
    });
    expect(MAX_RETRY_AFTER_MS).toBe(60_000);
    expect(durations(backoff, [limited])).toEqual([60_000]);
  });

  it('caps a configured backoff ceiling above 60 s at 60 s too', () => {
    const backoff = new RetryAfterBackoff({
      baseDelayMs: 200_000,
      maxDelayMs: 500_000,
      random: () => 0.9,
    });
    expect(durations(backoff, [serverError()])).toEqual([60_000]);
  });

  it('reads the retry-after of each failure separately along the chain', () => {
    const backoff = new RetryAfterBackoff({
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => 0.5,
    });
    const limited = new RateLimitError({ message: 'slow down', status: 429, retryAfterMs: 4_000 });
    expect(durations(backoff, [limited, serverError(), limited])).toEqual([4_000, 100, 4_000]);
  });

  it('ignores a missing, negative or non-finite retry-after and errors that are not Bulwark errors', () => {
    const backoff = new RetryAfterBackoff({
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => 0.5,
    });
    const errors = [
      new BadRequestError({ message: 'bad' }),
      new ServerError({ message: 'x', retryAfterMs: -5 }),
      new ServerError({ message: 'x', retryAfterMs: Number.NaN }),
      new Error('plain'),
    ];
    expect(durations(backoff, errors)).toEqual([50, 100, 200, 400]);
  });
});
