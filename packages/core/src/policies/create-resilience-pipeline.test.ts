import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { AuthenticationError } from '../errors/authentication-error.js';
import { BadRequestError } from '../errors/bad-request-error.js';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected-error.js';
import { CircuitOpenError } from '../errors/circuit-open-error.js';
import { ContextLengthExceededError } from '../errors/context-length-exceeded-error.js';
import { PermissionDeniedError } from '../errors/permission-denied-error.js';
import { QuotaExceededError } from '../errors/quota-exceeded-error.js';
import { RateLimitError } from '../errors/rate-limit-error.js';
import { ServerError } from '../errors/server-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { abortableDelay } from './abortable-delay.js';
import type { RetryEvent } from './create-retry-policy.js';
import { createResiliencePipeline } from './create-resilience-pipeline.js';
import type { AttemptContext, ResilienceOptions } from './resilience-options.js';

const settle = <T>(promise: Promise<T>): Promise<unknown> =>
  promise.catch((error: unknown) => error);
const serverError = (): ServerError => new ServerError({ message: 'upstream failed', status: 500 });

/** An operation that never settles by itself (it only records its context). */
function hangingOperation() {
  const contexts: AttemptContext[] = [];
  const operation = vi.fn((context: AttemptContext) => {
    contexts.push(context);
    return new Promise<string>(() => undefined);
  });
  return { operation, contexts };
}

// The run fails on any unhandled rejection (vitest's default); this makes it explicit per test.
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

describe('createResiliencePipeline', () => {
  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(unhandled).toEqual([]);
  });

  const create = (options: ResilienceOptions = {}) =>
    createResiliencePipeline({
      random: () => 0.5,
      retry: { baseDelayMs: 100, maxDelayMs: 10_000 },
      ...options,
    });

  describe('retry', () => {
    it.each([
      ['BadRequestError (400)', () => new BadRequestError({ message: 'bad', status: 400 })],
      ['AuthenticationError (401)', () => new AuthenticationError({ message: 'key', status: 401 })],
      [
        'PermissionDeniedError (403)',
        () => new PermissionDeniedError({ message: 'no', status: 403 }),
      ],
      [
        'QuotaExceededError (insufficient_quota)',
        () => new QuotaExceededError({ message: 'q', status: 429 }),
      ],
      [
        'ContextLengthExceededError',
        () => new ContextLengthExceededError({ message: 'long', status: 400 }),
      ],
      [
        'a 503 with x-should-retry: false',
        () => new ServerError({ message: 'x', status: 503, retryable: false }),
      ],
      ['a non-Bulwark error', () => new TypeError('bug in the operation')],
    ])('calls the upstream once for %s and rethrows that error', async (_name, makeError) => {
      const error = makeError();
      const pipeline = create();
      const retries = vi.fn();
      pipeline.onRetry(retries);
      const operation = vi.fn(() => Promise.reject(error));
      const outcome = settle(pipeline.execute(operation));
      await vi.runAllTimersAsync();
      expect(await outcome).toBe(error);
      expect(operation).toHaveBeenCalledTimes(1);
      expect(retries).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
    });

    it('calls the upstream maxAttempts times for a persistent 5xx, with full-jitter delays, and rejects with the last 5xx', async () => {
      const pipeline = create({ retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000 } });
      const events: RetryEvent[] = [];
      pipeline.onRetry((event) => events.push(event));
      const start = Date.now();
      const thrown: ServerError[] = [];
      const calledAt: number[] = [];
      const attempts: number[] = [];
      const operation = vi.fn(({ attempt }: AttemptContext) => {
        calledAt.push(Date.now() - start);
        attempts.push(attempt);
        const error = serverError();
        thrown.push(error);
        return Promise.reject(error);
      });
      const outcome = settle(pipeline.execute(operation));
      await vi.runAllTimersAsync();
      expect(await outcome).toBe(thrown[3]);
      expect(operation).toHaveBeenCalledTimes(4);
      expect(attempts).toEqual([1, 2, 3, 4]);
      // random 0.5 · 100 · 2^n
      expect(calledAt).toEqual([0, 50, 150, 350]);
      expect(events).toEqual([
        { attempt: 1, delayMs: 50, error: thrown[0] },
        { attempt: 2, delayMs: 100, error: thrown[1] },
        { attempt: 3, delayMs: 200, error: thrown[2] },
      ]);
    });

    it('waits the retry-after of a 429 when it is longer than the backoff, then succeeds', async () => {
      const pipeline = create();
      const limited = new RateLimitError({
        message: 'slow down',
        status: 429,
        retryAfterMs: 5_000,
      });
      const operation = vi
        .fn<(context: AttemptContext) => Promise<string>>()
        .mockRejectedValueOnce(limited)
        .mockResolvedValueOnce('ok');
      const events: RetryEvent[] = [];
      pipeline.onRetry((event) => events.push(event));
      const outcome = pipeline.execute(operation);
      await vi.advanceTimersByTimeAsync(4_999);
      expect(operation).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(await outcome).toBe('ok');
      expect(operation).toHaveBeenCalledTimes(2);
      expect(events).toEqual([{ attempt: 1, delayMs: 5_000, error: limited }]);
    });

    it('caps a retry-after at 60 s', async () => {
      const pipeline = create();
      const limited = new RateLimitError({
        message: 'slow down',
        status: 429,
        retryAfterMs: 600_000,
      });
      const operation = vi
        .fn<(context: AttemptContext) => Promise<string>>()
        .mockRejectedValueOnce(limited)
        .mockResolvedValueOnce('ok');
      const outcome = pipeline.execute(operation);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(await outcome).toBe('ok');
    });
  });

  describe('circuit breaker', () => {
    it('opens after threshold failures, fails fast without calling the upstream, probes once after halfOpenAfterMs and closes', async () => {
      const pipeline = create({
        retry: { maxAttempts: 1 },
        circuitBreaker: { threshold: 2, halfOpenAfterMs: 30_000 },
      });
      const events: string[] = [];
      pipeline.onCircuitOpen(({ retryAfterMs }) => events.push(`open ${retryAfterMs}`));
      pipeline.onCircuitHalfOpen(() => events.push('half-open'));
      pipeline.onCircuitClose(() => events.push('close'));
      const failing = vi.fn(() => Promise.reject(serverError()));
      await settle(pipeline.execute(failing));
      await settle(pipeline.execute(failing));
      expect(pipeline.health().circuit).toBe('open');
      expect(events).toEqual(['open 30000']);

      await vi.advanceTimersByTimeAsync(12_000);
      const upstream = vi.fn(() => Promise.resolve('ok'));
      const rejected = await settle(pipeline.execute(upstream));
      expect(rejected).toBeInstanceOf(CircuitOpenError);
      expect((rejected as CircuitOpenError).retryAfterMs).toBe(18_000);
      expect(upstream).not.toHaveBeenCalled();
      expect(failing).toHaveBeenCalledTimes(2);

      await vi.advanceTimersByTimeAsync(18_000);
      expect(pipeline.health().circuit).toBe('half-open');
      expect(await pipeline.execute(upstream)).toBe('ok');
      expect(upstream).toHaveBeenCalledTimes(1);
      expect(events).toEqual(['open 30000', 'half-open', 'close']);
      expect(pipeline.health().circuit).toBe('closed');
    });

    it('stops retrying when the circuit opens and fails with the upstream error that opened it; the next call is not retried', async () => {
      const pipeline = create({
        retry: { maxAttempts: 4 },
        circuitBreaker: { threshold: 2, halfOpenAfterMs: 30_000 },
      });
      const retries = vi.fn();
      pipeline.onRetry(retries);
      const thrown: ServerError[] = [];
      const operation = vi.fn(() => {
        const error = serverError();
        thrown.push(error);
        return Promise.reject(error);
      });
      const outcome = settle(pipeline.execute(operation));
      await vi.runAllTimersAsync();
      expect(await outcome).toBe(thrown[1]);
      expect(operation).toHaveBeenCalledTimes(2);
      expect(retries).toHaveBeenCalledTimes(1);

      const next = settle(pipeline.execute(operation));
      await vi.runAllTimersAsync();
      expect(await next).toBeInstanceOf(CircuitOpenError);
      expect(operation).toHaveBeenCalledTimes(2);
      expect(retries).toHaveBeenCalledTimes(1);
    });

    it('does not count 400s: any number of them leaves the circuit closed', async () => {
      const pipeline = create({ circuitBreaker: { threshold: 2 } });
      const operation = vi.fn(() =>
        Promise.reject(new BadRequestError({ message: 'bad', status: 400 })),
      );
      for (let index = 0; index < 5; index += 1) await settle(pipeline.execute(operation));
      expect(pipeline.health().circuit).toBe('closed');
      expect(operation).toHaveBeenCalledTimes(5);
    });

    it('counts attempt timeouts as unhealthy', async () => {
      const pipeline = create({
        timeoutMs: 1_000,
        retry: { maxAttempts: 1 },
        circuitBreaker: { threshold: 2 },
      });
      const hanging = hangingOperation();
      const first = settle(pipeline.execute(hanging.operation));
      const second = settle(pipeline.execute(hanging.operation));
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await first).toBeInstanceOf(TimeoutError);
      expect(await second).toBeInstanceOf(TimeoutError);
      expect(pipeline.health().circuit).toBe('open');
    });
  });

  describe('bulkhead', () => {
    it('never lets more than maxConcurrent operations run, queues maxQueue, rejects the next at once with an event', async () => {
      const pipeline = create({ bulkhead: { maxConcurrent: 2, maxQueue: 2 } });
      const rejections = vi.fn();
      pipeline.onBulkheadRejected(rejections);
      let running = 0;
      let maxRunning = 0;
      const operation = vi.fn(async () => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await abortableDelay(100, new AbortController().signal);
        running -= 1;
        return 'done';
      });
      const calls = Array.from({ length: 4 }, () => pipeline.execute(operation));
      await vi.advanceTimersByTimeAsync(0);
      expect(pipeline.health()).toEqual({ circuit: 'closed', inFlight: 2, queued: 2 });

      const rejected = await settle(pipeline.execute(operation));
      expect(rejected).toBeInstanceOf(BulkheadRejectedError);
      expect(rejections).toHaveBeenCalledWith({ maxConcurrent: 2, maxQueue: 2 });

      await vi.runAllTimersAsync();
      expect(await Promise.all(calls)).toEqual(['done', 'done', 'done', 'done']);
      expect(operation).toHaveBeenCalledTimes(4);
      expect(maxRunning).toBe(2);
      expect(pipeline.health()).toEqual({ circuit: 'closed', inFlight: 0, queued: 0 });
    });

    it('holds the slot through backoff waits, so retries count against the ceiling', async () => {
      const pipeline = create({ bulkhead: { maxConcurrent: 1, maxQueue: 0 } });
      const operation = vi
        .fn<(context: AttemptContext) => Promise<string>>()
        .mockRejectedValueOnce(serverError())
        .mockResolvedValueOnce('ok');
      const first = pipeline.execute(operation);
      await vi.advanceTimersByTimeAsync(10);
      expect(pipeline.health().inFlight).toBe(1);
      expect(await settle(pipeline.execute(operation))).toBeInstanceOf(BulkheadRejectedError);
      await vi.runAllTimersAsync();
      expect(await first).toBe('ok');
    });
  });

  describe('timeouts', () => {
    it('times out each attempt at timeoutMs, aborts its signal, and retries it', async () => {
      const pipeline = create({ timeoutMs: 1_000, retry: { maxAttempts: 2, baseDelayMs: 100 } });
      const hanging = hangingOperation();
      const outcome = settle(pipeline.execute(hanging.operation));
      await vi.advanceTimersByTimeAsync(1_000);
      expect(hanging.contexts[0]?.signal.aborted).toBe(true);
      await vi.runAllTimersAsync();
      const error = await outcome;
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).retryable).toBe(true);
      expect(hanging.operation).toHaveBeenCalledTimes(2);
      expect(hanging.contexts.every(({ signal }) => signal.aborted)).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('takes a per-call timeout from execute options', async () => {
      const pipeline = create({ timeoutMs: 60_000, retry: { maxAttempts: 1 } });
      const hanging = hangingOperation();
      const outcome = settle(pipeline.execute(hanging.operation, { timeoutMs: 250 }));
      await vi.advanceTimersByTimeAsync(250);
      expect(await outcome).toBeInstanceOf(TimeoutError);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('rejects an out-of-range per-call timeout', async () => {
      const operation = vi.fn(() => Promise.resolve('ok'));
      await expect(create().execute(operation, { timeoutMs: 0 })).rejects.toThrow(RangeError);
      expect(operation).not.toHaveBeenCalled();
    });

    it('fails with a non-retryable TimeoutError at the overall deadline, even during a backoff wait, and stops', async () => {
      const pipeline = create({ deadlineMs: 1_000 });
      const limited = new RateLimitError({
        message: 'slow down',
        status: 429,
        retryAfterMs: 5_000,
      });
      const operation = vi.fn(() => Promise.reject(limited));
      const outcome = settle(pipeline.execute(operation));
      await vi.advanceTimersByTimeAsync(999);
      expect(vi.getTimerCount()).toBeGreaterThan(0);
      await vi.advanceTimersByTimeAsync(1);
      const error = await outcome;
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).retryable).toBe(false);
      expect((error as TimeoutError).message).toContain('deadline');
      expect((error as TimeoutError).cause).toBe(limited);
      expect(operation).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('the deadline also ends a running attempt and aborts its signal', async () => {
      const pipeline = create({ deadlineMs: 2_000, timeoutMs: 60_000 });
      const hanging = hangingOperation();
      const outcome = settle(pipeline.execute(hanging.operation));
      await vi.advanceTimersByTimeAsync(2_000);
      expect(await outcome).toBeInstanceOf(TimeoutError);
      expect(hanging.contexts[0]?.signal.aborted).toBe(true);
      expect(hanging.operation).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('a call that finishes before the deadline leaves no deadline timer', async () => {
      const pipeline = create({ deadlineMs: 2_000 });
      expect(await pipeline.execute(() => Promise.resolve('ok'))).toBe('ok');
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  describe('abort', () => {
    const expectAborted = (error: unknown): void => {
      expect(error).toBeInstanceOf(AbortError);
      expect((error as AbortError).code).toBe('aborted');
    };

    it('rejects at once without calling the upstream when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const operation = vi.fn(() => Promise.resolve('ok'));
      expectAborted(await settle(create().execute(operation, { signal: controller.signal })));
      expect(operation).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
    });

    it('cancels a queue wait: the call rejects at once and its operation never runs', async () => {
      const pipeline = create({ bulkhead: { maxConcurrent: 1, maxQueue: 1 } });
      const holder = new AbortController();
      const hanging = hangingOperation();
      const running = settle(pipeline.execute(hanging.operation, { signal: holder.signal }));
      const waiter = new AbortController();
      const queuedOperation = vi.fn(() => Promise.resolve('never'));
      const queued = settle(pipeline.execute(queuedOperation, { signal: waiter.signal }));
      await vi.advanceTimersByTimeAsync(10);
      expect(pipeline.health().queued).toBe(1);
      waiter.abort();
      expectAborted(await queued);
      holder.abort();
      expectAborted(await running);
      await vi.advanceTimersByTimeAsync(0);
      expect(queuedOperation).not.toHaveBeenCalled();
      expect(hanging.contexts[0]?.signal.aborted).toBe(true);
      expect(pipeline.health()).toEqual({ circuit: 'closed', inFlight: 0, queued: 0 });
      expect(vi.getTimerCount()).toBe(0);
    });

    it('cancels a backoff wait: no further attempt, no timer left', async () => {
      const pipeline = create();
      const controller = new AbortController();
      const contexts: AttemptContext[] = [];
      const operation = vi.fn((context: AttemptContext) => {
        contexts.push(context);
        return Promise.reject(
          new RateLimitError({ message: 'slow', status: 429, retryAfterMs: 20_000 }),
        );
      });
      const outcome = settle(pipeline.execute(operation, { signal: controller.signal }));
      await vi.advanceTimersByTimeAsync(5_000);
      expect(operation).toHaveBeenCalledTimes(1);
      controller.abort();
      expectAborted(await outcome);
      expect(contexts[0]?.signal.aborted).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(operation).toHaveBeenCalledTimes(1);
    });

    it('cancels a running attempt: its signal aborts, the call rejects at once, no timer left', async () => {
      const pipeline = create();
      const controller = new AbortController();
      const hanging = hangingOperation();
      const outcome = settle(pipeline.execute(hanging.operation, { signal: controller.signal }));
      await vi.advanceTimersByTimeAsync(10);
      expect(hanging.contexts[0]?.signal.aborted).toBe(false);
      const reason = new Error('client disconnected');
      controller.abort(reason);
      const error = await outcome;
      expectAborted(error);
      expect((error as AbortError).cause).toBe(reason);
      expect(hanging.contexts[0]?.signal.aborted).toBe(true);
      expect(hanging.operation).toHaveBeenCalledTimes(1);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('cancels a running attempt with a deadline set, still as AbortError', async () => {
      const pipeline = create({ deadlineMs: 10_000 });
      const controller = new AbortController();
      const hanging = hangingOperation();
      const outcome = settle(pipeline.execute(hanging.operation, { signal: controller.signal }));
      await vi.advanceTimersByTimeAsync(10);
      controller.abort();
      expectAborted(await outcome);
      expect(hanging.contexts[0]?.signal.aborted).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('an aborted call does not count against the circuit', async () => {
      const pipeline = create({ circuitBreaker: { threshold: 1 } });
      const controller = new AbortController();
      const hanging = hangingOperation();
      const outcome = settle(pipeline.execute(hanging.operation, { signal: controller.signal }));
      await vi.advanceTimersByTimeAsync(10);
      controller.abort();
      expectAborted(await outcome);
      expect(pipeline.health().circuit).toBe('closed');
    });

    it('keeps the winning attempt linked to the caller after success, so a stream can still be cancelled', async () => {
      const pipeline = create();
      const controller = new AbortController();
      let attemptSignal: AbortSignal | undefined;
      const result = await pipeline.execute(
        ({ signal }) => {
          attemptSignal = signal;
          return Promise.resolve('first chunk');
        },
        { signal: controller.signal },
      );
      expect(result).toBe('first chunk');
      expect(vi.getTimerCount()).toBe(0);
      expect(attemptSignal?.aborted).toBe(false);
      controller.abort();
      expect(attemptSignal?.aborted).toBe(true);
    });
  });

  describe('beforeAttempt', () => {
    it('runs before every attempt with its number, outside the attempt timeout', async () => {
      const order: string[] = [];
      const beforeAttempt = vi.fn(async ({ attempt, signal }: AttemptContext) => {
        order.push(`before ${attempt}`);
        await abortableDelay(5_000, signal);
      });
      const pipeline = create({ timeoutMs: 1_000, beforeAttempt });
      const operation = vi.fn(({ attempt }: AttemptContext) => {
        order.push(`attempt ${attempt}`);
        return attempt === 1 ? Promise.reject(serverError()) : Promise.resolve('ok');
      });
      const outcome = pipeline.execute(operation);
      await vi.runAllTimersAsync();
      expect(await outcome).toBe('ok');
      expect(order).toEqual(['before 1', 'attempt 1', 'before 2', 'attempt 2']);
    });

    it('a rejection fails the attempt without calling the upstream', async () => {
      const refusal = new RateLimitError({ message: 'local limit', local: true, retryable: false });
      const pipeline = create({ beforeAttempt: () => Promise.reject(refusal) });
      const operation = vi.fn(() => Promise.resolve('ok'));
      expect(await settle(pipeline.execute(operation))).toBe(refusal);
      expect(operation).not.toHaveBeenCalled();
      expect(pipeline.health().circuit).toBe('closed');
    });

    it('is not called while the circuit is open', async () => {
      const beforeAttempt = vi.fn();
      const pipeline = create({
        beforeAttempt,
        retry: { maxAttempts: 1 },
        circuitBreaker: { threshold: 1 },
      });
      await settle(pipeline.execute(() => Promise.reject(serverError())));
      expect(beforeAttempt).toHaveBeenCalledTimes(1);
      expect(await settle(pipeline.execute(() => Promise.resolve('ok')))).toBeInstanceOf(
        CircuitOpenError,
      );
      expect(beforeAttempt).toHaveBeenCalledTimes(1);
    });

    it('a caller abort ends its wait: AbortError, no upstream call, no timer left', async () => {
      const pipeline = create({ beforeAttempt: ({ signal }) => abortableDelay(30_000, signal) });
      const controller = new AbortController();
      const operation = vi.fn(() => Promise.resolve('ok'));
      const outcome = settle(pipeline.execute(operation, { signal: controller.signal }));
      await vi.advanceTimersByTimeAsync(1_000);
      controller.abort();
      const error = await outcome;
      expect(error).toBeInstanceOf(AbortError);
      expect(operation).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  describe('events and lifecycle', () => {
    it('a listener that throws does not change the outcome of the call', async () => {
      const pipeline = create();
      pipeline.onRetry(() => {
        throw new Error('faulty listener');
      });
      const operation = vi
        .fn<(context: AttemptContext) => Promise<string>>()
        .mockRejectedValueOnce(serverError())
        .mockResolvedValueOnce('ok');
      const outcome = pipeline.execute(operation);
      await vi.runAllTimersAsync();
      expect(await outcome).toBe('ok');
    });

    it('unsubscribes a listener through the returned function and all of them through dispose', async () => {
      const pipeline = create({ retry: { maxAttempts: 2 }, circuitBreaker: { threshold: 1 } });
      const removed = vi.fn();
      pipeline.onRetry(removed)();
      const retry = vi.fn();
      const open = vi.fn();
      pipeline.onRetry(retry);
      pipeline.onCircuitOpen(open);
      pipeline.dispose();
      const outcome = settle(pipeline.execute(() => Promise.reject(serverError())));
      await vi.runAllTimersAsync();
      await outcome;
      expect(pipeline.health().circuit).toBe('open');
      expect([removed, retry, open].map((listener) => listener.mock.calls.length)).toEqual([
        0, 0, 0,
      ]);
    });

    it('works with every default', async () => {
      const pipeline = createResiliencePipeline();
      expect(pipeline.health()).toEqual({ circuit: 'closed', inFlight: 0, queued: 0 });
      expect(await pipeline.execute(({ attempt }) => Promise.resolve(attempt))).toBe(1);
    });
  });
});
