import type { BulkheadRejectedEvent } from './create-bulkhead-policy.js';
import type { CircuitOpenEvent, CircuitStateName } from './create-circuit-breaker-policy.js';
import type { RetryEvent } from './create-retry-policy.js';
import type { BeforeAttemptStep, OperationContext } from './resilience-options.js';

/**
 * Options of one {@link ResiliencePipeline.execute} call.
 * @typeParam T - what the call's operation resolves with.
 */
export interface ResilienceExecuteOptions<T = unknown> {
  /**
   * The caller's signal: aborting it ends a queue wait, a backoff wait or a
   * running attempt at once, and the call rejects with `AbortError`.
   */
  signal?: AbortSignal | undefined;
  /** This call's per-attempt timeout, in milliseconds, instead of the pipeline's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /**
   * This call's own step before each attempt, run after the pipeline's
   * `beforeAttempt` and at the same place (inside the breaker, before the
   * attempt timeout): the client's rate limiter takes each attempt's
   * capacity here.
   */
  beforeAttempt?: BeforeAttemptStep | undefined;
  /**
   * Keeps the call's bulkhead slot after it succeeded, until the promise this
   * returns for the result settles (how it settles does not matter). The call
   * still resolves at once, and retry, breaker and timeouts are over: only
   * the slot (and `health().inFlight`) stays taken. A stream passes its end
   * here, so that a stream being read counts toward `maxConcurrent`. The
   * promise must settle in the end (when the stream is read, fails or is
   * cancelled), or the slot is never freed.
   * @default undefined (the slot frees as the call settles)
   */
  holdSlotUntil?: ((result: T) => PromiseLike<unknown>) | undefined;
}

/** What {@link ResiliencePipeline.health} reports. */
export interface ResilienceHealth {
  /** State of the circuit breaker; `half-open` once the next call would be the probe. */
  circuit: CircuitStateName;
  /**
   * Calls holding a bulkhead slot (running, waiting between attempts, or
   * held after success by `holdSlotUntil`, such as a stream being read).
   */
  inFlight: number;
  /** Calls waiting for a bulkhead slot. */
  queued: number;
}

/**
 * Retry, circuit breaker, bulkhead, attempt timeout, overall deadline and
 * cancellation around an upstream call (docs/architecture.md, "Request path" steps 4 to 8).
 */
export interface ResiliencePipeline {
  /**
   * Runs `operation` through the pipeline: bulkhead, then retry, then circuit
   * breaker, then the `beforeAttempt` step, then the attempt timeout.
   *
   * `operation` makes one attempt. It must pass `context.signal` (or
   * `context.abort`, where an `EventEmitter` will do) to its request: that signal aborts when the attempt times out or fails, when the
   * caller aborts, or when the deadline passes. A streaming operation must
   * resolve only once the first chunk has arrived (and reject if the stream
   * fails before it): then a stream is retried only while no chunk has
   * reached the caller, and the attempt timeout bounds the time to the first
   * chunk. Success does not abort the signal, but it stops following the
   * caller's signal once `execute` settles (no listener is left on it), so a
   * stream read afterwards must also listen to a signal of its own, e.g.
   * `AbortSignal.any([context.signal, stream.signal])`. To keep the stream's
   * bulkhead slot while it is read, pass its end as `options.holdSlotUntil`.
   *
   * @param operation - one attempt; receives its number (1 for the first) and its signal.
   * @param options - the caller's signal, a per-call attempt timeout, a step
   * before each attempt and how long the slot outlives the call.
   * @returns what `operation` resolved with.
   * @throws the last upstream error when it is not retryable or attempts run out
   * (never a cockatiel error).
   * @throws CircuitOpenError while the circuit is open; `operation` is not called.
   * @throws BulkheadRejectedError when `maxConcurrent` calls run and `maxQueue` wait.
   * @throws TimeoutError (retryable) when the last attempt timed out, or
   * (not retryable) when the overall deadline passed.
   * @throws AbortError when the caller aborted.
   *
   * @example
   * ```ts
   * const completion = await pipeline.execute(
   *   ({ signal }) => openai.chat.completions.create(params, { signal }),
   *   { signal: request.signal },
   * );
   * ```
   */
  execute<T>(
    operation: (context: OperationContext) => Promise<T>,
    options?: ResilienceExecuteOptions<T>,
  ): Promise<T>;
  /** The circuit state and the bulkhead's counts, right now. */
  health(): ResilienceHealth;
  /** Listens to retries, before each backoff wait. @returns a function that removes the listener. */
  onRetry(listener: (event: RetryEvent) => void): () => void;
  /** Listens to the circuit opening. @returns a function that removes the listener. */
  onCircuitOpen(listener: (event: CircuitOpenEvent) => void): () => void;
  /** Listens to the half-open probe starting. @returns a function that removes the listener. */
  onCircuitHalfOpen(listener: () => void): () => void;
  /** Listens to the circuit closing. @returns a function that removes the listener. */
  onCircuitClose(listener: () => void): () => void;
  /** Listens to bulkhead rejections. @returns a function that removes the listener. */
  onBulkheadRejected(listener: (event: BulkheadRejectedEvent) => void): () => void;
  /** Removes every listener. Calls in progress run to their end. */
  dispose(): void;
}
