// Shared set-up of the resilience pipeline's test files (not part of the package's API).
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import { ServerError } from '../../src/errors/errors.js';
import { createResiliencePipeline } from '../../src/policies/create-resilience-pipeline.js';
import type { AttemptContext, ResilienceOptions } from '../../src/policies/resilience-options.js';

/** Resolves with the promise's value or its rejection reason. */
export const settle = <T>(promise: Promise<T>): Promise<unknown> =>
  promise.catch((error: unknown) => error);

/** A retryable upstream 500. */
export const serverError = (): ServerError =>
  new ServerError({ message: 'upstream failed', status: 500 });

/** An operation that never settles by itself (it only records its context). */
export function hangingOperation() {
  const contexts: AttemptContext[] = [];
  const operation = vi.fn((context: AttemptContext) => {
    contexts.push(context);
    return new Promise<string>(() => undefined);
  });
  return { operation, contexts };
}

/** A pipeline with deterministic jitter and short delays; `options` override them. */
export const createTestPipeline = (options: ResilienceOptions = {}) =>
  createResiliencePipeline({
    random: () => 0.5,
    retry: { baseDelayMs: 100, maxDelayMs: 10_000 },
    ...options,
  });

/**
 * Registers, in the calling `describe`, fake timers per test and a check that
 * fails the test on any unhandled rejection (vitest's default, made explicit).
 */
export function useFakeTimersAndNoUnhandledRejections(): void {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
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
}
