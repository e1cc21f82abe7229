import {
  ConstantBackoff,
  handleWhen,
  retry,
  type IBackoff,
  type IRetryBackoffContext,
} from 'cockatiel';
import type { BulwarkError } from '../errors/bulwark-error.js';
import { abortableDelay } from './abortable-delay.js';
import { createListenerSet } from './create-listener-set.js';
import { isRetryableError } from './is-retryable-error.js';
import type { AttemptContext } from './resilience-options.js';
import { RetryAfterBackoff } from './retry-after-backoff.js';

/** What a `retry` listener receives, before the wait. */
export interface RetryEvent {
  /** Number of the attempt that failed, 1 for the first call. */
  attempt: number;
  /** How long the call waits before the next attempt, in milliseconds. */
  delayMs: number;
  /** The failure that is being retried. */
  error: BulwarkError;
}

/** Options of {@link createRetryPolicy}. */
export interface CreateRetryPolicyOptions {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** Ceiling of the first backoff, in milliseconds. */
  baseDelayMs: number;
  /** Largest backoff ceiling, in milliseconds. */
  maxDelayMs: number;
  /**
   * Returns a number in `[0, 1)` for the jitter.
   * @default Math.random
   */
  random?: (() => number) | undefined;
  /**
   * An extra condition checked after a retryable failure; `false` makes that
   * failure final. The pipeline stops retrying once the circuit breaker is open.
   * @default () => true
   */
  canRetry?: (() => boolean) | undefined;
}

/** The retry step of the resilience pipeline. */
export interface RetryStep {
  /**
   * Runs `attempt` until it succeeds, fails with an error that is not
   * retryable, or `maxAttempts` is reached; rejects with the last error.
   * Aborting `signal` ends a backoff wait at once (rejecting with the
   * signal's reason) and starts no further attempt.
   *
   * @param attempt - one attempt; receives its number and `signal`.
   * @param signal - cancels the waits and the retries.
   */
  execute<T>(attempt: (context: AttemptContext) => Promise<T>, signal: AbortSignal): Promise<T>;
  /**
   * Listens to retries; called before each backoff wait.
   * @returns a function that removes the listener.
   */
  onRetry(listener: (event: RetryEvent) => void): () => void;
  /** Removes every listener. */
  dispose(): void;
}

type BackoffContext = IRetryBackoffContext<unknown>;

/**
 * Creates the retry step: cockatiel's retry policy decides whether and how
 * often to retry (exactly the {@link isRetryableError} failures, `maxAttempts`
 * in all), and {@link RetryAfterBackoff} computes each delay (full jitter,
 * raised to the upstream's retry-after, at most 60 s).
 *
 * The one part not left to cockatiel is the sleep: cockatiel 3.2.1 sleeps on a
 * timer that an `AbortSignal` cannot clear, so an aborted call would keep a
 * timer (and the process) alive for up to a minute. cockatiel is therefore
 * given a zero backoff and the computed delay is slept, abortably, at the
 * start of the next attempt.
 *
 * @example
 * ```ts
 * const retryStep = createRetryPolicy({ maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 20_000 });
 * retryStep.onRetry(({ attempt, delayMs }) => log(`attempt ${attempt} failed, waiting ${delayMs} ms`));
 * const result = await retryStep.execute(({ signal }) => send(request, signal), signal);
 * ```
 */
export function createRetryPolicy(options: CreateRetryPolicyOptions): RetryStep {
  const canRetry = options.canRetry ?? (() => true);
  const backoffFactory = new RetryAfterBackoff(options);
  const retries = createListenerSet<RetryEvent>();
  const policy = retry(
    handleWhen((error) => isRetryableError(error) && canRetry()),
    { maxAttempts: options.maxAttempts - 1, backoff: new ConstantBackoff(0) },
  );

  return {
    execute<T>(attempt: (context: AttemptContext) => Promise<T>, signal: AbortSignal): Promise<T> {
      let lastError: BulwarkError | undefined;
      let backoff: IBackoff<BackoffContext> | undefined;
      // cockatiel calls `next` again only for a retryable error.
      const remember = (error: unknown): never => {
        if (isRetryableError(error)) lastError = error as BulwarkError;
        throw error;
      };
      const next = (retriesSoFar: number): Promise<T> =>
        attempt({ attempt: retriesSoFar + 1, signal }).then(undefined, remember);
      const afterBackoff = async (retriesSoFar: number, error: BulwarkError): Promise<T> => {
        const context: BackoffContext = { attempt: retriesSoFar, signal, result: { error } };
        backoff = backoff === undefined ? backoffFactory.next(context) : backoff.next(context);
        retries.emit({ attempt: retriesSoFar, delayMs: backoff.duration, error });
        await abortableDelay(backoff.duration, signal);
        return next(retriesSoFar);
      };
      return policy.execute(
        ({ attempt: retriesSoFar }) =>
          lastError === undefined ? next(retriesSoFar) : afterBackoff(retriesSoFar, lastError),
        signal,
      );
    },
    onRetry: (listener) => retries.add(listener),
    dispose: () => retries.clear(),
  };
}
