import { TaskCancelledError, TimeoutStrategy, timeout, type TimeoutPolicy } from 'cockatiel';
import { TimeoutError } from '../errors/timeout-error.js';

/** Options of {@link createTimeoutPolicy}. */
export interface CreateTimeoutPolicyOptions {
  /** Default timeout of one attempt, in milliseconds. */
  timeoutMs: number;
}

/** Options of one {@link AttemptTimeoutStep.execute} call. */
export interface AttemptTimeoutOptions {
  /** Aborts the attempt while it runs (the caller's abort or the overall deadline). */
  signal: AbortSignal;
  /**
   * Keeps aborting the attempt's signal after the attempt resolved: the
   * caller's own signal, so that a stream whose first chunk ended the attempt
   * can still be cancelled while it is read.
   */
  followSignal?: AbortSignal | undefined;
  /** This attempt's timeout, in milliseconds, instead of the default. */
  timeoutMs?: number | undefined;
}

/** The attempt timeout step of the resilience pipeline. */
export interface AttemptTimeoutStep {
  /**
   * Runs one attempt under a timeout. The attempt receives its own signal,
   * which aborts when the timeout passes, when `signal` aborts during the
   * attempt, when the attempt fails (so the request it started is cancelled),
   * and when `followSignal` aborts, even after success. It is not aborted
   * when the attempt succeeds.
   *
   * @param attempt - the work; receives the attempt's signal.
   * @param options - the signals and an optional timeout override.
   * @throws TimeoutError (retryable) when the timeout passes first; the
   * attempt's signal is aborted at the same moment, without waiting for it.
   */
  execute<T>(
    attempt: (signal: AbortSignal) => Promise<T>,
    options: AttemptTimeoutOptions,
  ): Promise<T>;
}

function createPolicy(timeoutMs: number): TimeoutPolicy {
  // Aggressive: the call fails at the deadline even if the work ignores its
  // signal. The signal must survive success (abortOnReturn: false) for streams.
  return timeout(timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
}

/**
 * Creates the attempt timeout step on cockatiel's `TimeoutPolicy`, mapping
 * cockatiel's `TaskCancelledError` to a Bulwark `TimeoutError`.
 *
 * @example
 * ```ts
 * const attemptTimeout = createTimeoutPolicy({ timeoutMs: 60_000 });
 * await attemptTimeout.execute((signal) => fetch(url, { signal }), { signal: callSignal });
 * ```
 */
export function createTimeoutPolicy(options: CreateTimeoutPolicyOptions): AttemptTimeoutStep {
  const defaultPolicy = createPolicy(options.timeoutMs);

  return {
    async execute(attempt, { signal, followSignal, timeoutMs }) {
      const duration = timeoutMs ?? options.timeoutMs;
      const policy = duration === options.timeoutMs ? defaultPolicy : createPolicy(duration);
      const controller = new AbortController();
      const abortAttempt = (): void => controller.abort();
      if (followSignal?.aborted === true) controller.abort();
      followSignal?.addEventListener('abort', abortAttempt, { once: true });
      let timeoutSignal: AbortSignal | undefined;
      try {
        return await policy.execute(({ signal: policySignal }) => {
          timeoutSignal = policySignal;
          policySignal.addEventListener('abort', abortAttempt, { once: true });
          return attempt(controller.signal);
        }, signal);
      } catch (error) {
        controller.abort();
        followSignal?.removeEventListener('abort', abortAttempt);
        // Not cockatiel's isTaskCancelledError: in 3.2.1 it tests the bulkhead's marker.
        if (error instanceof TaskCancelledError && !signal.aborted) {
          throw new TimeoutError({ message: `The attempt timed out after ${duration} ms` });
        }
        throw error;
      } finally {
        timeoutSignal?.removeEventListener('abort', abortAttempt);
      }
    },
  };
}
