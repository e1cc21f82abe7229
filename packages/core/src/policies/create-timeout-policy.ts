import { TimeoutError } from '../errors/errors.js';
import { AttemptAbort } from './attempt-abort.js';

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
  /**
   * Turns the attempt's failure (its own error, the timeout's or the
   * abort's) into the one it rejects with: the pipeline's step after it,
   * run here rather than on a promise of its own.
   */
  mapError?: ((error: unknown) => unknown) | undefined;
}

/** The attempt timeout step of the resilience pipeline. */
export interface AttemptTimeoutStep {
  /**
   * Runs one attempt under a timeout. The attempt receives its own abort,
   * which fires when the timeout passes, when `signal` aborts during the
   * attempt, and when the attempt fails (so the request it started is
   * cancelled). It does not fire when the attempt succeeds, and it no longer
   * follows `signal` once the attempt has settled: no listener is left on
   * `signal`, however long it lives and however many attempts it sees.
   *
   * @param attempt - the work; receives the attempt's abort (its `signal`
   * is made only if read).
   * @param options - the signals and an optional timeout override.
   * @throws TimeoutError (retryable) when the timeout passes first; the
   * attempt's signal is aborted at the same moment, without waiting for it.
   */
  execute<T>(
    attempt: (abort: AttemptAbort) => Promise<T>,
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
 * Creates the attempt timeout step: one {@link AttemptAbort} and one timer
 * per attempt, linked to the outer signal only while the attempt runs (and
 * not at all when that signal is {@link NEVER_ABORTED}). It is aggressive:
 * the attempt fails at its deadline even if the work ignores its abort. This
 * is the one step not built on cockatiel: its `TimeoutPolicy` derives two
 * more signals per attempt, the largest cost of an in-process call.
 *
 * @param options - the default timeout.
 * @example
 * ```ts
 * const step = createTimeoutPolicy({ timeoutMs: 60_000 });
 * const answer = await step.execute((abort) => send(request, abort.signal), { signal });
 * ```
 */
export function createTimeoutPolicy(options: CreateTimeoutPolicyOptions): AttemptTimeoutStep {
  return {
    execute<T>(
      attempt: (abort: AttemptAbort) => Promise<T>,
      { signal, timeoutMs, mapError }: AttemptTimeoutOptions,
    ): Promise<T> {
      const duration = timeoutMs ?? options.timeoutMs;
      const abort = new AttemptAbort();
      const linked = signal !== NEVER_ABORTED;
      // One promise settled by whichever comes first (the work, the timer, the
      // outer abort), cleaned up before it settles; later outcomes do nothing.
      return new Promise<T>((resolve, reject) => {
        let timedOut: TimeoutError | undefined;
        const finish = (): void => {
          clearTimeout(timer);
          if (linked) signal.removeEventListener('abort', follow);
        };
        const fail = (error: unknown): void => {
          finish();
          abort.abort(timedOut);
          const failure = timedOut ?? error;
          reject(mapError === undefined ? failure : mapError(failure));
        };
        const timer = setTimeout(() => {
          timedOut = new TimeoutError({ message: `The attempt timed out after ${duration} ms` });
          fail(timedOut);
        }, duration);
        // The outer abort ends the attempt at once too, whether or not the work answers it.
        const follow = (): void => {
          abort.abort(signal.reason);
          fail(signal.reason);
        };
        if (signal.aborted) follow();
        else if (linked) signal.addEventListener('abort', follow, { once: true });
        let running: Promise<T>;
        try {
          running = attempt(abort);
        } catch (error) {
          fail(error);
          return;
        }
        running.then((value) => {
          finish();
          resolve(value);
        }, fail);
      });
    },
  };
}
