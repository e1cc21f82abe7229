import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  CircuitOpenError,
  ContextLengthExceededError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
} from '../errors/errors.js';
import type { BulwarkError } from '../errors/bulwark-error.js';
import { createRetryPolicy, type RetryEvent } from './create-retry-policy.js';

const never = new AbortController().signal;
const settle = <T>(promise: Promise<T>): Promise<unknown> =>
  promise.catch((error: unknown) => error);

describe('createRetryPolicy', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const create = (overrides: Partial<Parameters<typeof createRetryPolicy>[0]> = {}) =>
    createRetryPolicy({
      maxAttempts: 4,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      random: () => 0.5,
      ...overrides,
    });

  it.each([
    ['BadRequestError', () => new BadRequestError({ message: 'bad', status: 400 })],
    ['AuthenticationError', () => new AuthenticationError({ message: 'key', status: 401 })],
    ['PermissionDeniedError', () => new PermissionDeniedError({ message: 'no', status: 403 })],
    ['QuotaExceededError', () => new QuotaExceededError({ message: 'quota', status: 429 })],
    [
      'ContextLengthExceededError',
      () => new ContextLengthExceededError({ message: 'long', status: 400 }),
    ],
    [
      'a 5xx with x-should-retry: false',
      () => new ServerError({ message: 'no', status: 500, retryable: false }),
    ],
    ['CircuitOpenError', () => new CircuitOpenError({ message: 'open', retryAfterMs: 1_000 })],
    ['a non-Bulwark error', () => new TypeError('bug')],
  ])('calls the operation once for %s and rethrows it as is', async (_name, makeError) => {
    const error = makeError();
    const operation = vi.fn(() => Promise.reject(error));
    const outcome = settle(create().execute(operation, never));
    await vi.runAllTimersAsync();
    expect(await outcome).toBe(error);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('calls the operation maxAttempts times for a persistent 5xx and rejects with the last upstream error', async () => {
    const thrown: ServerError[] = [];
    const operation = vi.fn(() => {
      const error = new ServerError({ message: `failure ${thrown.length + 1}`, status: 500 });
      thrown.push(error);
      return Promise.reject(error);
    });
    const outcome = settle(create({ maxAttempts: 4 }).execute(operation, never));
    await vi.runAllTimersAsync();
    expect(operation).toHaveBeenCalledTimes(4);
    expect(await outcome).toBe(thrown[3]);
  });

  it('numbers the attempts from 1 and resolves with the first success', async () => {
    const attempts: number[] = [];
    const operation = vi.fn(({ attempt }: { attempt: number }) => {
      attempts.push(attempt);
      return attempt < 3
        ? Promise.reject(new ServerError({ message: 'x', status: 503 }))
        : Promise.resolve('ok');
    });
    const outcome = create().execute(operation, never);
    await vi.runAllTimersAsync();
    expect(await outcome).toBe('ok');
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('waits a full-jitter delay before each retry: random · min(maxDelayMs, baseDelayMs · 2^n)', async () => {
    const draws = [0.5, 0.25, 0.99];
    const start = Date.now();
    const calledAt: number[] = [];
    const operation = vi.fn(() => {
      calledAt.push(Date.now() - start);
      return Promise.reject(new ServerError({ message: 'x', status: 500 }));
    });
    const retryStep = create({
      random: () => draws.shift() ?? 0,
      baseDelayMs: 100,
      maxDelayMs: 300,
    });
    const events: RetryEvent[] = [];
    retryStep.onRetry((event) => events.push(event));
    const outcome = settle(retryStep.execute(operation, never));
    await vi.runAllTimersAsync();
    await outcome;

    // delays: 0.5 · 100 = 50, 0.25 · 200 = 50, floor(0.99 · min(300, 400)) = 297
    expect(events.map(({ attempt, delayMs }) => ({ attempt, delayMs }))).toEqual([
      { attempt: 1, delayMs: 50 },
      { attempt: 2, delayMs: 50 },
      { attempt: 3, delayMs: 297 },
    ]);
    expect(calledAt).toEqual([0, 50, 100, 397]);
  });

  it('honours the retry-after of a 429 when it is longer than the backoff', async () => {
    const limited = new RateLimitError({ message: 'slow down', status: 429, retryAfterMs: 5_000 });
    const operation = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(limited)
      .mockResolvedValueOnce('ok');
    const retryStep = create();
    const events: RetryEvent[] = [];
    retryStep.onRetry((event) => events.push(event));
    const outcome = retryStep.execute(operation, never);
    await vi.advanceTimersByTimeAsync(4_999);
    expect(operation).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toBe('ok');
    expect(events).toEqual([{ attempt: 1, delayMs: 5_000, error: limited }]);
  });

  it('reports the failed error itself in the retry event', async () => {
    const first = new ServerError({ message: 'first', status: 500 });
    const operation = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(first)
      .mockResolvedValueOnce('ok');
    const retryStep = create();
    const errors: BulwarkError[] = [];
    retryStep.onRetry(({ error }) => errors.push(error));
    const outcome = retryStep.execute(operation, never);
    await vi.runAllTimersAsync();
    await outcome;
    expect(errors).toEqual([first]);
    expect(errors[0]).toBe(first);
  });

  it('stops retrying when canRetry says no', async () => {
    const operation = vi.fn(() => Promise.reject(new ServerError({ message: 'x', status: 500 })));
    const outcome = settle(create({ canRetry: () => false }).execute(operation, never));
    await vi.runAllTimersAsync();
    expect(await outcome).toBeInstanceOf(ServerError);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('maxAttempts: 1 makes a single attempt', async () => {
    const operation = vi.fn(() => Promise.reject(new ServerError({ message: 'x', status: 500 })));
    const outcome = settle(create({ maxAttempts: 1 }).execute(operation, never));
    await vi.runAllTimersAsync();
    await outcome;
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('an abort during a backoff wait rejects at once, starts no attempt and leaves no timer', async () => {
    const controller = new AbortController();
    const limited = new RateLimitError({ message: 'slow down', status: 429, retryAfterMs: 30_000 });
    const operation = vi.fn(() => Promise.reject(limited));
    const outcome = settle(create().execute(operation, controller.signal));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(1);
    const reason = new Error('caller gone');
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
    await vi.runAllTimersAsync();
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('stops listening after the listener is removed or the step is disposed', async () => {
    const operation = vi.fn(() => Promise.reject(new ServerError({ message: 'x', status: 500 })));
    const retryStep = create({ maxAttempts: 2 });
    const removed = vi.fn();
    const disposed = vi.fn();
    retryStep.onRetry(removed)();
    retryStep.onRetry(disposed);
    retryStep.dispose();
    const outcome = settle(retryStep.execute(operation, never));
    await vi.runAllTimersAsync();
    await outcome;
    expect(operation).toHaveBeenCalledTimes(2);
    expect(removed).not.toHaveBeenCalled();
    expect(disposed).not.toHaveBeenCalled();
  });
});
