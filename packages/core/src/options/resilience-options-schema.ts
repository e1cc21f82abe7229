import { z } from 'zod';
import { customValue, isFunction, milliseconds, wholeNumber } from './option-schemas.js';

/** The retry settings and their defaults (the `retry` option). */
export const retryOptionsSchema = z.object({
  /**
   * Attempts per call, the first included, 1 to 100 (`BULWARK_MAX_ATTEMPTS`).
   * `1` turns retries off.
   * @default 4
   */
  maxAttempts: wholeNumber(1, 100).default(4),
  /**
   * Ceiling of the first backoff, in milliseconds; the ceiling doubles on every
   * retry and the delay is drawn uniformly below it (full jitter). 500 ms is the
   * official `openai` SDK's initial retry delay, so a Bulwark client backs off
   * no more eagerly than the SDK it replaces.
   * @default 500
   */
  baseDelayMs: milliseconds(0).default(500),
  /**
   * Largest backoff ceiling, in milliseconds. With full jitter the mean wait
   * is half of it: 20 s rides out a short upstream outage and stays well below
   * both the 60 s retry-after cap and the default 60 s attempt timeout.
   * A larger `retry-after` from the upstream still wins, up to 60 s.
   * @default 20000
   */
  maxDelayMs: milliseconds(0).default(20_000),
});

/** The circuit breaker settings and their defaults (the `circuitBreaker` option). */
export const circuitBreakerOptionsSchema = z.object({
  /**
   * Consecutive upstream failures (5xx, timeouts, connection errors, 429s)
   * that open the circuit (`BULWARK_BREAKER_THRESHOLD`).
   * @default 5
   */
  threshold: wholeNumber(1).default(5),
  /**
   * How long the circuit stays open before one probe may go through, in
   * milliseconds (`BULWARK_BREAKER_HALF_OPEN_MS`).
   * @default 30000
   */
  halfOpenAfterMs: milliseconds(1).default(30_000),
});

/** The bulkhead settings and their defaults (the `bulkhead` option). */
export const bulkheadOptionsSchema = z.object({
  /**
   * Calls in flight at once (`BULWARK_MAX_CONCURRENCY`). A call holds its
   * slot through its attempts and backoff waits; a stream holds it until it
   * ends (read, failed, cancelled or closed), not only until its first chunk.
   * @default 32
   */
  maxConcurrent: wholeNumber(1).default(32),
  /**
   * Calls waiting for a slot; one more is rejected at once with a
   * `BulkheadRejectedError` (`BULWARK_MAX_QUEUE`).
   * @default 256
   */
  maxQueue: wholeNumber(0).default(256),
});

/**
 * Timeout of each upstream attempt, in milliseconds (`BULWARK_TIMEOUT_MS`). An
 * attempt that runs out fails with a retryable `TimeoutError` and its signal
 * aborts. For a stream it bounds the time until the first chunk; the rest of
 * the stream is not timed (cancel it with the call's `signal`).
 */
export const timeoutMsSchema = milliseconds(1).default(60_000);

/**
 * The settings of the resilience pipeline and their defaults; the client
 * options hold the same fields.
 */
export const resilienceOptionsSchema = z.object({
  /**
   * Timeout of each attempt, in milliseconds (`BULWARK_TIMEOUT_MS`).
   * @default 60000
   */
  timeoutMs: timeoutMsSchema,
  /**
   * Optional deadline of the whole call (bulkhead queue wait, every attempt and
   * every backoff wait), in milliseconds. When it passes the call fails with a
   * `TimeoutError` that is not retried.
   * @default undefined (no deadline)
   */
  deadlineMs: milliseconds(1).optional(),
  /** Retry of retryable failures, with full-jitter exponential backoff. */
  retry: retryOptionsSchema.prefault({}),
  /** Circuit breaker over upstream failures. */
  circuitBreaker: circuitBreakerOptionsSchema.prefault({}),
  /** Bulkhead: a ceiling on concurrent upstream calls. */
  bulkhead: bulkheadOptionsSchema.prefault({}),
  /**
   * Source of randomness for the backoff jitter, returning a number in
   * `[0, 1)`; inject one to make delays reproducible in tests.
   * @default Math.random
   */
  random: customValue<() => number>(isFunction, 'expected a function').default(() => Math.random),
});
