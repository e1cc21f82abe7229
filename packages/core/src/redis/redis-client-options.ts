import type { Redis } from 'ioredis';
import type { Secret } from '../security/secret.js';

/** Fields of {@link RedisClientOptions} whatever gives the connection. */
interface RedisSharing {
  /**
   * Put before every Redis key of the client (cache entries and rate-limit
   * buckets), to separate deployments sharing one Redis, e.g. `staging:`.
   * @default ''
   */
  keyPrefix?: string | undefined;
  /**
   * The rate-limit namespace: instances calling the same upstream account
   * must share it (they then share one RPM/TPM budget); instances calling
   * different accounts need different ones. (Cache entries are kept apart
   * by `cache.namespace`.)
   * @default 'default'
   */
  namespace?: string | undefined;
}

/**
 * The `redis` option of `createClient()`: shared state across instances
 * (see docs/architecture.md). Give a URL (`BULWARK_REDIS_URL`; the client opens the
 * connection with `createRedisConnection` and closes it in `close()`), or a
 * connection of your own (`client`; never closed by the client). A `url`
 * of `undefined` (what `loadConfig()` gives without `BULWARK_REDIS_URL`)
 * means no Redis.
 *
 * With Redis configured, the rate limiter (when `rateLimit` sets a limit)
 * is the Redis one (`createRedisRateLimiter`); the cache uses Redis only
 * with `cache: { store: 'redis' }` (`BULWARK_CACHE=redis`).
 *
 * @example
 * ```ts
 * createClient({ apiKey, redis: { url: 'redis://cache:6379' }, cache: { store: 'redis' }, rateLimit: { rpm: 500 } });
 * ```
 */
export type RedisClientOptions = RedisSharing &
  (
    | {
        /** `redis://` or `rediss://` URL, in clear or as a `Secret` (it may hold a password). */
        url?: string | Secret | undefined;
        /** Not with `url`. */
        client?: undefined;
      }
    | {
        /** An `ioredis` connection you own (e.g. from `createRedisConnection`). */
        client: Redis;
        /** Not with `client`. */
        url?: undefined;
      }
  );
