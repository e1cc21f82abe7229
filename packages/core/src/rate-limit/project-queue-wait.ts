import type { RateLimitKind } from './rate-limiter.js';

/** A bucket as the projection sees it: a snapshot, not a live bucket. */
export interface BucketSnapshot {
  /** `requests` or `tokens`. */
  kind: 'requests' | 'tokens';
  /** Available now. */
  available: number;
  /** Burst capacity. */
  capacity: number;
  /** Refill per millisecond. */
  ratePerMs: number;
}

/** Options of {@link projectQueueWait}. */
export interface ProjectQueueWaitOptions {
  /** The current time. */
  now: number;
  /** Until when an upstream 429 holds everyone (0 when not paused). */
  pausedUntil: number;
  /** The enabled buckets. */
  buckets: readonly BucketSnapshot[];
  /** What each queued attempt costs, per bucket kind, in FIFO order; the last one is projected. */
  costs: readonly Readonly<Record<'requests' | 'tokens', number>>[];
}

/** When the last queued attempt would go, and which limit holds it back most. */
export interface QueueWaitProjection {
  /** Milliseconds from now. */
  waitMs: number;
  /** The limit that binds the last attempt. */
  limit: RateLimitKind;
}

/**
 * Projects when the last of a FIFO queue of attempts would be admitted if
 * nothing else changed: each attempt goes once every bucket holds
 * `min(cost, capacity)` and the pause is over, then takes its cost.
 *
 * @param options - the time, the pause, bucket snapshots and the queued costs.
 */
export function projectQueueWait(options: ProjectQueueWaitOptions): QueueWaitProjection {
  const { now, pausedUntil, buckets, costs } = options;
  const levels = buckets.map((bucket) => bucket.available);
  let time = now;
  let limit: RateLimitKind = 'requests';
  for (const cost of costs) {
    let readyAt = time;
    limit = 'requests';
    buckets.forEach((bucket, index) => {
      const missing = Math.min(cost[bucket.kind], bucket.capacity) - (levels[index] as number);
      const at = missing > 0 ? time + missing / bucket.ratePerMs : time;
      if (at > readyAt) {
        readyAt = at;
        limit = bucket.kind;
      }
    });
    if (pausedUntil > readyAt) {
      readyAt = pausedUntil;
      limit = 'upstream';
    }
    buckets.forEach((bucket, index) => {
      const refilled = (levels[index] as number) + (readyAt - time) * bucket.ratePerMs;
      levels[index] = Math.min(bucket.capacity, refilled) - cost[bucket.kind];
    });
    time = readyAt;
  }
  return { waitMs: time - now, limit };
}
