/** How the status of remote batches is polled. */
export interface PollBackoffOptions {
  /** The first wait, in ms (polling starts within 2 s). @default 1000 */
  initialMs?: number;
  /** Each wait is the previous one times this. @default 1.5 */
  factor?: number;
  /** The longest wait, in ms. @default 60000 */
  maxMs?: number;
}

/** The documented defaults of {@link createPollBackoff}. */
export const POLL_BACKOFF_DEFAULTS = { initialMs: 1000, factor: 1.5, maxMs: 60_000 } as const;

/**
 * The waits between two polls: `initialMs`, then ×`factor` each time, capped
 * at `maxMs` (1 s, 1.5 s, 2.25 s … 60 s by default). `reset()` starts over,
 * e.g. after progress.
 *
 * @param options - initial wait, factor and cap.
 */
export function createPollBackoff(options: PollBackoffOptions = {}): {
  next(): number;
  reset(): void;
} {
  const { initialMs, factor, maxMs } = { ...POLL_BACKOFF_DEFAULTS, ...options };
  let wait = initialMs;
  return {
    next() {
      const current = Math.min(wait, maxMs);
      wait = Math.min(wait * factor, maxMs);
      return current;
    },
    reset() {
      wait = initialMs;
    },
  };
}

/**
 * Waits `ms` with `setTimeout` (fake timers in tests), or until `signal` aborts.
 *
 * @param ms - how long.
 * @param signal - cuts the wait short.
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve();
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', done);
      resolve();
    }, ms);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
  });
}
