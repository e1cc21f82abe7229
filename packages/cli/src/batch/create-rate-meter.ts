/** Options of {@link createRateMeter}. */
export interface RateMeterOptions {
  /** How far back the rate looks, in ms. @default 20000 */
  windowMs?: number | undefined;
  /** Width of one counting bucket, in ms: memory is `windowMs / bucketMs` numbers. @default 500 */
  bucketMs?: number | undefined;
  /** Clock in milliseconds, injectable for tests. @default performance.now */
  now?: (() => number) | undefined;
}

/** Counts events and tells their recent rate. */
export interface RateMeter {
  /** Counts `count` events (default 1) now. */
  record(count?: number): void;
  /** Events per second over the last `windowMs` (over the time since creation while that is shorter). */
  perSecond(): number;
}

/**
 * A sliding-window rate: events are counted in fixed buckets, and the rate is
 * the events of the buckets inside the window divided by the window's length.
 * A batch's ETA divides the rows left by it: a rate averaged since the start
 * would remember an early burst (the rate limiter's full buckets, the cache)
 * and let the ETA grow for the rest of the run.
 *
 * @param options - window, bucket width and clock.
 */
export function createRateMeter(options: RateMeterOptions = {}): RateMeter {
  const windowMs = options.windowMs ?? 20_000;
  const bucketMs = options.bucketMs ?? 500;
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  // Bucket index (time / bucketMs, rounded down) → events in it; at most windowMs / bucketMs + 1 entries.
  const buckets = new Map<number, number>();
  const prune = (time: number): void => {
    const oldest = Math.floor((time - windowMs) / bucketMs);
    for (const index of buckets.keys()) if (index <= oldest) buckets.delete(index);
  };
  return {
    record(count = 1) {
      const time = now();
      const index = Math.floor(time / bucketMs);
      buckets.set(index, (buckets.get(index) ?? 0) + count);
      prune(time);
    },
    perSecond() {
      const time = now();
      prune(time);
      // The window starts at a bucket edge: count the events since that edge.
      const from = Math.max(startedAt, (Math.floor((time - windowMs) / bucketMs) + 1) * bucketMs);
      const span = time - from;
      if (span <= 0) return 0;
      let events = 0;
      for (const count of buckets.values()) events += count;
      return (events * 1000) / span;
    },
  };
}
