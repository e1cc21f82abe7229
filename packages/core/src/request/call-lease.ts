import type { AttemptRateLimit } from '../rate-limit/create-attempt-rate-limit.js';

/**
 * What an upstream call holds once an attempt has succeeded: its bulkhead
 * slot (the resilience pipeline keeps it until {@link CallLease.released}
 * settles) and that attempt's rate-limit grant. It is released once, by
 * whoever consumes the body: a completion as soon as it is parsed, a stream
 * when it ends in any way (read to the end, failed, stopped early, aborted).
 */
export interface CallLease {
  /** Settles when the lease is released; the bulkhead slot is held until then. */
  readonly released: Promise<void>;
  /** Records the attempt that succeeded: its grant is the one settled on release. */
  bind(attempt: number): void;
  /**
   * Settles the grant with the actual usage (`undefined` keeps the estimate)
   * and frees the slot. Later calls do nothing.
   */
  release(usage?: { total_tokens: number } | null): void;
}

/**
 * Creates the lease of one upstream call. An abort of `signal` releases it
 * too, so a stream cancelled before anyone reads it frees its slot.
 *
 * @param rateLimit - the call's rate-limit steps, when a limiter runs.
 * @param signal - the call's signal.
 */
export function createCallLease(
  rateLimit: AttemptRateLimit | undefined,
  signal: AbortSignal | undefined,
): CallLease {
  let attempt = 0;
  let done = false;
  // Made on first read: a completion's lease is released before anyone waits for it.
  let released: Promise<void> | undefined;
  let free = (): void => undefined;
  const onAbort = (): void => lease.release();
  const lease: CallLease = {
    get released() {
      released ??= done ? Promise.resolve() : new Promise<void>((resolve) => (free = resolve));
      return released;
    },
    bind(succeeded) {
      attempt = succeeded;
    },
    release(usage) {
      if (done) return;
      done = true;
      signal?.removeEventListener('abort', onAbort);
      if (attempt > 0) rateLimit?.succeeded(attempt, usage);
      free();
    },
  };
  if (signal?.aborted === true) lease.release();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return lease;
}
