import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { TokenBucketLimiterOptions } from '../rate-limit/token-bucket-limiter-options.js';

/** Where a {@link RedisRateLimiter} keeps its buckets right now. */
export type RateLimitBackend = 'redis' | 'local-fallback';

/** What {@link RedisRateLimiter.onBackendChange} listeners receive. */
export interface RateLimitBackendChange {
  /** `redis`: the buckets are shared again; `local-fallback`: Redis is unreachable, limits are per process. */
  backend: RateLimitBackend;
  /** Why it fell back (the Redis error's message), for `local-fallback`. */
  reason?: string | undefined;
}

/** Options of {@link createRedisRateLimiter}: the in-memory limiter's, plus where the buckets live. */
export interface RedisRateLimiterOptions extends TokenBucketLimiterOptions {
  /** The connection, e.g. from `createRedisConnection`; the limiter never closes it. */
  connection: Redis;
  /**
   * Keeps limiters sharing one Redis apart: instances that call the same
   * upstream account must use the same namespace, different accounts
   * different ones.
   * @default 'default'
   */
  namespace?: string | undefined;
  /** Put before every key (e.g. `staging:`). @default '' */
  keyPrefix?: string | undefined;
  /**
   * How often, while falling back, the limiter checks whether Redis answers
   * again (besides reacting to the connection's `ready`), in milliseconds.
   * @default 1000
   */
  probeIntervalMs?: number | undefined;
  /** Where fallbacks (`warn`) and recoveries (`info`) are logged. @default silentLogger */
  logger?: Logger | undefined;
}

/** A {@link RateLimiter} whose buckets live in Redis, with a local fallback. */
export interface RedisRateLimiter extends RateLimiter {
  /** Where the buckets live right now. */
  readonly backend: RateLimitBackend;
  /**
   * Listens to switches between Redis and the local fallback.
   * @returns a function that removes the listener.
   */
  onBackendChange(listener: (change: RateLimitBackendChange) => void): () => void;
}
