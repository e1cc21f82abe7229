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

/**
 * A signal that never aborts, for calls without one of their own: nothing
 * listens to it, so a call without a signal creates none (an `AbortSignal`
 * costs several microseconds to create on Node 20).
 */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

/**
 * Creates the attempt timeout step: one `AbortController` and one timer per
 * attempt, linked to the outer signal only while the attempt runs (and not
 * at all when that signal is {@link NEVER_ABORTED}). It is aggressive: the
 * attempt fails at its deadline even if the work ignores its signal. This is
 * the one step not built on cockatiel: its `TimeoutPolicy` derives two more
 * signals per attempt, the largest cost of an in-process call.
 *
 * @param options - the default timeout.
 * @example
 * ```ts
 * const step = createTimeoutPolicy({ timeoutMs: 60_000 });
 * const answer = await step.execute((signal) => send(request, signal), { signal });
 * ```
 */
export function createTimeoutPolicy(options: CreateTimeoutPolicyOptions): AttemptTimeoutStep {
  return {
    async execute(attempt, { signal, timeoutMs }) {
      const duration = timeoutMs ?? options.timeoutMs;
      const controller = new AbortController();
      let expire: (error: unknown) => void = () => undefined;
      const expired = new Promise<never>((_resolve, reject) => (expire = reject));
      // Never unhandled, even if the timer fired as the attempt settled.
      expired.catch(() => undefined);
      let timedOut: TimeoutError | undefined;
      const timer = setTimeout(() => {
        timedOut = new TimeoutError({ message: `The attempt timed out after ${duration} ms` });
        controller.abort(timedOut);
        expire(timedOut);
      }, duration);
      // The outer abort ends the attempt at once too, whether or not the work answers it.
      const follow = (): void => {
        controller.abort(signal.reason);
        expire(signal.reason);
      };
      const linked = signal !== NEVER_ABORTED;
      if (signal.aborted) follow();
      else if (linked) signal.addEventListener('abort', follow, { once: true });
      try {
        return await Promise.race([attempt(controller.signal), expired]);
      } catch (error) {
        controller.abort(timedOut);
        throw timedOut ?? error;
      } finally {
        clearTimeout(timer);
        if (linked) signal.removeEventListener('abort', follow);
      }
    },
  };
}
