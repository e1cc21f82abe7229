import { describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  BulkheadRejectedError,
  CircuitOpenError,
  ContextLengthExceededError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
  StreamTruncatedError,
  TimeoutError,
} from '../errors/errors.js';
import { abortableDelay } from './abortable-delay.js';
import type { RetryEvent } from './create-retry-policy.js';
import { createResiliencePipeline } from './create-resilience-pipeline.js';
import type { AttemptContext } from './resilience-options.js';
import {
  createTestPipeline,
  hangingOperation,
  serverError,
  settle,
  useFakeTimersAndNoUnhandledRejections,
} from '../../test/support/pipeline.js';

describe('createResiliencePipeline', () => {
  useFakeTimersAndNoUnhandledRejections();
  const create = createTestPipeline;

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

  describe('streams', () => {
    it('retries a stream that failed before its first chunk reached the caller', async () => {
      const pipeline = create();
      const truncated = new StreamTruncatedError({ message: 'cut before the first chunk' });
      const operation = vi
        .fn<(context: AttemptContext) => Promise<string>>()
        .mockRejectedValueOnce(truncated)
        .mockResolvedValueOnce('first chunk');
      const outcome = pipeline.execute(operation);
      await vi.runAllTimersAsync();
      expect(await outcome).toBe('first chunk');
      expect(operation).toHaveBeenCalledTimes(2);
    });

    it('once the first chunk reached the caller, a later failure goes to the reader and nothing is retried or timed out', async () => {
      const pipeline = create({ timeoutMs: 1_000 });
      const retries = vi.fn();
      pipeline.onRetry(retries);
      let attemptSignal: AbortSignal | undefined;
      async function* body(): AsyncGenerator<string> {
        yield 'first chunk';
        await abortableDelay(5_000, new AbortController().signal);
        throw new StreamTruncatedError({ message: 'cut after the first chunk' });
      }
      const operation = vi.fn(async ({ signal }: AttemptContext) => {
        attemptSignal = signal;
        const chunks = body();
        const first = await chunks.next();
        return { first: first.value as string, rest: chunks };
      });
      const stream = await pipeline.execute(operation);
      expect(stream.first).toBe('first chunk');
      const rest = settle(stream.rest.next());
      await vi.advanceTimersByTimeAsync(5_000);
      expect(await rest).toBeInstanceOf(StreamTruncatedError);
      expect(attemptSignal?.aborted).toBe(false);
      await vi.runAllTimersAsync();
      expect(operation).toHaveBeenCalledTimes(1);
      expect(retries).not.toHaveBeenCalled();
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
