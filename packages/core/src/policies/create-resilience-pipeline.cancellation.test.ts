import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { AbortError, CircuitOpenError, RateLimitError, TimeoutError } from '../errors/errors.js';
import { abortableDelay } from './abortable-delay.js';
import type { AttemptContext } from './resilience-options.js';
import {
  createTestPipeline,
  hangingOperation,
  serverError,
  settle,
  useFakeTimersAndNoUnhandledRejections,
} from '../../test/support/pipeline.js';

describe('createResiliencePipeline: timeouts and cancellation', () => {
  useFakeTimersAndNoUnhandledRejections();
  const create = createTestPipeline;

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

    it("leaves the winning attempt alive after success, and nothing on the caller's signal", async () => {
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
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    });

    it('adds no lasting listener to a long-lived caller signal, over many calls, retries, timeouts and a deadline', async () => {
      const pipeline = create({
        timeoutMs: 1_000,
        deadlineMs: 60_000,
        retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 10 },
        circuitBreaker: { threshold: 1_000 },
      });
      const caller = new AbortController();
      for (let index = 0; index < 20; index += 1) {
        const failThenSucceed = vi
          .fn<(context: AttemptContext) => Promise<string>>()
          .mockRejectedValueOnce(serverError())
          .mockResolvedValueOnce('ok');
        const retried = pipeline.execute(failThenSucceed, { signal: caller.signal });
        await vi.advanceTimersByTimeAsync(10);
        expect(await retried).toBe('ok');
        const hanging = hangingOperation();
        const timedOut = settle(pipeline.execute(hanging.operation, { signal: caller.signal }));
        await vi.advanceTimersByTimeAsync(3_020);
        expect(await timedOut).toBeInstanceOf(TimeoutError);
        expect(hanging.operation).toHaveBeenCalledTimes(3);
      }
      expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
      expect(vi.getTimerCount()).toBe(0);
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

    it("runs the call's own step after the pipeline's, before every attempt", async () => {
      const order: string[] = [];
      const pipeline = create({
        beforeAttempt: ({ attempt }) => {
          order.push(`pipeline ${attempt}`);
        },
      });
      const operation = vi.fn(({ attempt }: AttemptContext) => {
        order.push(`attempt ${attempt}`);
        return attempt === 1 ? Promise.reject(serverError()) : Promise.resolve('ok');
      });
      const outcome = pipeline.execute(operation, {
        beforeAttempt: async ({ attempt }) => {
          order.push(`call ${attempt}`);
        },
      });
      await vi.runAllTimersAsync();
      expect(await outcome).toBe('ok');
      expect(order).toEqual([
        'pipeline 1',
        'call 1',
        'attempt 1',
        'pipeline 2',
        'call 2',
        'attempt 2',
      ]);
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
});
