import { TimeoutStrategy, timeout } from 'cockatiel';
import { AbortError, TimeoutError } from '../errors/errors.js';
import type { AttemptAbort } from './attempt-abort.js';
import { createBulkheadPolicy } from './create-bulkhead-policy.js';
import { createCircuitBreakerPolicy } from './create-circuit-breaker-policy.js';
import { createRetryPolicy } from './create-retry-policy.js';
import { NEVER_ABORTED, createTimeoutPolicy } from './create-timeout-policy.js';
import {
  MAX_TIMER_MS,
  resolveResilienceOptions,
  type OperationContext,
  type ResilienceOptions,
} from './resilience-options.js';
import type { ResilienceExecuteOptions, ResiliencePipeline } from './resilience-pipeline.js';

/**
 * What the operation receives: a class rather than a literal with a getter,
 * which V8 would build through its runtime on every attempt.
 */
class AttemptOperation implements OperationContext {
  constructor(
    readonly attempt: number,
    readonly abort: AttemptAbort,
  ) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }
}

function abortedByCaller(signal: AbortSignal): AbortError {
  return new AbortError({ message: 'The call was aborted by the caller', cause: signal.reason });
}

/**
 * Creates the resilience pipeline of docs/architecture.md, "Request path" steps 4 to 8, outermost first:
 *
 * 1. **bulkhead**: `maxConcurrent` calls hold a slot for their whole life
 *    (attempts and backoff waits, and after success until `holdSlotUntil`
 *    settles: a stream until it ends), `maxQueue` wait, more are rejected at
 *    once. Outermost, so that it bounds the work in progress, retries included.
 * 2. **retry**: up to `maxAttempts` attempts of retryable failures, with
 *    full-jitter exponential backoff raised to the upstream's retry-after.
 *    Outside the breaker, so that every attempt is seen (and counted) by the
 *    breaker; retrying stops as soon as the circuit is open, so the call
 *    fails with the upstream error that opened it rather than sleeping only
 *    to meet a `CircuitOpenError`. A `CircuitOpenError` is never retried.
 * 3. **circuit breaker**: fails fast while the upstream is known to be down.
 * 4. **`beforeAttempt`**: the per-attempt step for the rate limiter
 *    (docs/architecture.md, "Request path" step 7). Inside the breaker, so that nothing waits for
 *    rate-limit capacity while the circuit is open; before the attempt
 *    timeout, so that waiting for capacity does not eat into the attempt's time.
 * 5. **attempt timeout**: `timeoutMs` per attempt; the attempt's signal aborts.
 *
 * The optional `deadlineMs` wraps all of it. The caller's signal reaches every
 * stage, and every stage removes its listener from it as it settles: a
 * long-lived signal shared by many calls collects nothing.
 *
 * @param options - settings; every one has a default (see {@link ResilienceOptions}).
 * @throws RangeError when a setting is out of range.
 *
 * @example
 * ```ts
 * const pipeline = createResiliencePipeline({ retry: { maxAttempts: 3 }, deadlineMs: 120_000 });
 * pipeline.onRetry(({ attempt, delayMs, error }) => log.warn({ attempt, delayMs, code: error.code }));
 * const completion = await pipeline.execute(
 *   ({ signal }) => openai.chat.completions.create(params, { signal }),
 *   { signal },
 * );
 * ```
 */
export function createResiliencePipeline(options: ResilienceOptions = {}): ResiliencePipeline {
  const settings = resolveResilienceOptions(options);
  const { beforeAttempt, deadlineMs } = settings;
  const bulkhead = createBulkheadPolicy(settings.bulkhead);
  const breaker = createCircuitBreakerPolicy(settings.circuitBreaker);
  const retry = createRetryPolicy(
    Object.assign({}, settings.retry, {
      random: settings.random,
      canRetry: () => breaker.isClosed(),
    }),
  );
  const attemptTimeout = createTimeoutPolicy({ timeoutMs: settings.timeoutMs });
  const deadline =
    deadlineMs === undefined
      ? undefined
      : // Cooperative: every stage answers the abort at once, so the call settles
        // only after the stages have cleaned up; the attempt timeout is the
        // aggressive one, for operations that ignore their signal.
        timeout(deadlineMs, { strategy: TimeoutStrategy.Cooperative, abortOnReturn: false });

  // Not an async function: V8 keeps an async function's frame on the heap for every call, and
  // its `await` is one more turn of the microtask queue; the call's one promise is `run`'s.
  function execute<T>(
    operation: (context: OperationContext) => Promise<T>,
    callOptions: ResilienceExecuteOptions<T> = {},
  ): Promise<T> {
    const { timeoutMs } = callOptions;
    if (timeoutMs !== undefined && !(timeoutMs >= 1 && timeoutMs <= MAX_TIMER_MS)) {
      return Promise.reject(
        new RangeError(`timeoutMs must be a number from 1 to ${MAX_TIMER_MS}, got ${timeoutMs}`),
      );
    }
    const callerSignal = callOptions.signal ?? NEVER_ABORTED;
    if (callerSignal.aborted) return Promise.reject(abortedByCaller(callerSignal));
    let callSignal = callerSignal;
    let lastFailure: unknown;

    /** What an attempt that failed under `signal` fails with. */
    const failure = (error: unknown, signal: AbortSignal): unknown => {
      // Whatever a cancelled attempt threw, the breaker and the retry must
      // see a cancellation: it neither counts against the upstream nor retries.
      if (signal.aborted)
        return new AbortError({ message: 'The call was cancelled', cause: error });
      lastFailure = error;
      return error;
    };
    const timed = (attempt: number, signal: AbortSignal): Promise<T> =>
      attemptTimeout.execute((abort) => operation(new AttemptOperation(attempt, abort)), {
        signal,
        timeoutMs,
        mapError: (error) => failure(error, signal),
      });
    const beforeSteps = async (attempt: number, signal: AbortSignal): Promise<void> => {
      if (beforeAttempt !== undefined) await beforeAttempt({ attempt, signal });
      if (callOptions.beforeAttempt !== undefined) {
        await callOptions.beforeAttempt({ attempt, signal });
      }
    };
    // Without a per-attempt step (no rate limiter, the default) an attempt is the timeout step's
    // one promise: no frame or promise of its own here.
    const attemptOnce = (attempt: number, signal: AbortSignal): Promise<T> => {
      if (beforeAttempt === undefined && callOptions.beforeAttempt === undefined) {
        return timed(attempt, signal);
      }
      return beforeSteps(attempt, signal).then(
        () => timed(attempt, signal),
        (error: unknown) => {
          throw failure(error, signal);
        },
      );
    };

    const run = (signal: AbortSignal): Promise<T> =>
      bulkhead.execute(
        () =>
          retry.execute(
            ({ attempt }) => breaker.execute(() => attemptOnce(attempt, signal), signal),
            signal,
          ),
        signal,
        callOptions.holdSlotUntil,
      );

    const failed = (error: unknown): never => {
      if (callerSignal.aborted) throw abortedByCaller(callerSignal);
      if (callSignal !== callerSignal && callSignal.aborted) {
        throw new TimeoutError({
          message: `The call exceeded its deadline of ${deadlineMs} ms`,
          retryable: false,
          cause: lastFailure,
        });
      }
      throw error;
    };
    const running =
      deadline === undefined
        ? run(callerSignal)
        : deadline.execute(({ signal }) => {
            callSignal = signal;
            return run(signal);
          }, callerSignal);
    return running.then(undefined, failed);
  }

  return {
    execute,
    health: () => ({
      circuit: breaker.state(),
      inFlight: bulkhead.inFlight(),
      queued: bulkhead.queued(),
    }),
    onRetry: (listener) => retry.onRetry(listener),
    onCircuitOpen: (listener) => breaker.onOpen(listener),
    onCircuitHalfOpen: (listener) => breaker.onHalfOpen(listener),
    onCircuitClose: (listener) => breaker.onClose(listener),
    onBulkheadRejected: (listener) => bulkhead.onRejected(listener),
    dispose() {
      retry.dispose();
      breaker.dispose();
      bulkhead.dispose();
    },
  };
}
