import type { RateLimitDimensionHealth, RateLimiterHealth } from '../rate-limit/rate-limiter.js';
import type { SharedBucketKind, SharedBucketView } from './create-shared-buckets.js';

/** Options of {@link reportSharedHealth}. */
export interface SharedHealthOptions {
  /** The current time, on the limiter's clock. */
  now: number;
  /** The enabled shared buckets as last seen, refilled up to now. */
  buckets: readonly SharedBucketView[];
  /** The configured limits per minute. */
  configured: Readonly<Record<SharedBucketKind, number>>;
  /** The upstream's last word on each limit, from response headers. */
  learned: Readonly<Record<SharedBucketKind, RateLimitDimensionHealth['learned']>>;
  /** Attempts waiting, in the shared queue and in the local limiter. */
  waiters: number;
  /** Until when an upstream 429 holds everyone (0 or past: not paused). */
  pausedUntil: number;
}

/**
 * The `health()` of the Redis rate limiter while it uses Redis: the shared
 * buckets as this process last saw them, on the `redis` backend.
 *
 * @param options - the time, the buckets, the limits, the waiters and the pause.
 * @returns the limiter's health.
 */
export function reportSharedHealth(options: SharedHealthOptions): RateLimiterHealth {
  const { now, configured, learned, pausedUntil } = options;
  const report = Object.fromEntries(
    options.buckets.map((item) => [
      item.kind,
      {
        limit: item.limit,
        configuredLimit: configured[item.kind],
        capacity: item.capacity,
        available: item.available,
        learned: learned[item.kind],
      },
    ]),
  ) as Partial<Record<SharedBucketKind, RateLimitDimensionHealth>>;
  return {
    requests: report.requests,
    tokens: report.tokens,
    waiters: options.waiters,
    pausedUntil: pausedUntil > now ? pausedUntil : undefined,
    backend: 'redis',
  };
}
