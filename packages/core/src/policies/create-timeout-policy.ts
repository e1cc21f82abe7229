import { TaskCancelledError, TimeoutStrategy, timeout, type TimeoutPolicy } from 'cockatiel';
import { TimeoutError } from '../errors/errors.js';

/** Options of {@link createTimeoutPolicy}. */
export interface CreateTimeoutPolicyOptions {
  /** Default timeout of one attempt, in milliseconds. */
  timeoutMs: number;
}

/** Options of one {@link AttemptTimeoutStep.execute} call. */
export interface AttemptTimeoutOptions {
  /** Aborts the attempt while it runs (the caller's abort or the overall deadline). */
  signal: AbortSignal;
  /** This attempt's timeout, in milliseconds, instead of the default. */
  timeoutMs?: number | undefined;
}

/** The attempt timeout step of the resilience pipeline. */
export interface AttemptTimeoutStep {
  /**
   * Runs one attempt under a timeout. The attempt receives its own signal,
   * which aborts when the timeout passes, when `signal` aborts during the
   * attempt, and when the attempt fails (so the request it started is
   * cancelled). It is not aborted when the attempt succeeds, and it no longer
   * follows `signal` once the attempt has settled: no listener is left on
   * `signal`, however long it lives and however many attempts it sees.
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
    async execute(attempt, { signal, timeoutMs }) {
      const duration = timeoutMs ?? options.timeoutMs;
      const policy = duration === options.timeoutMs ? defaultPolicy : createPolicy(duration);
      // cockatiel's signal is linked to `signal` only while the attempt runs
      // and is not aborted on failure (abortOnReturn: false, kept for streams),
      // hence an attempt signal of its own.
      const controller = new AbortController();
      const abortAttempt = (): void => controller.abort();
      let timeoutSignal: AbortSignal | undefined;
      try {
        return await policy.execute(({ signal: policySignal }) => {
          timeoutSignal = policySignal;
          if (policySignal.aborted) controller.abort();
          policySignal.addEventListener('abort', abortAttempt, { once: true });
          return attempt(controller.signal);
        }, signal);
      } catch (error) {
        controller.abort();
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
