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
  return new Lease(rateLimit, signal);
}

/**
 * A class rather than a literal: a literal with a getter is built through
 * V8's runtime, and every upstream call makes a lease.
 */
class Lease implements CallLease {
  #attempt = 0;
  #done = false;
  // Made on first read: a completion's lease is released before anyone waits for it.
  #released: Promise<void> | undefined;
  #free: (() => void) | undefined;
  readonly #onAbort: (() => void) | undefined;

  constructor(
    private readonly rateLimit: AttemptRateLimit | undefined,
    private readonly signal: AbortSignal | undefined,
  ) {
    if (signal === undefined) return;
    if (signal.aborted) {
      this.release();
      return;
    }
    this.#onAbort = () => this.release();
    signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  get released(): Promise<void> {
    this.#released ??= this.#done
      ? Promise.resolve()
      : new Promise<void>((resolve) => (this.#free = resolve));
    return this.#released;
  }

  bind(succeeded: number): void {
    this.#attempt = succeeded;
  }

  release(usage?: { total_tokens: number } | null): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#onAbort !== undefined) this.signal?.removeEventListener('abort', this.#onAbort);
    if (this.#attempt > 0) this.rateLimit?.succeeded(this.#attempt, usage);
    this.#free?.();
  }
}
