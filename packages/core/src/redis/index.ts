/**
 * `@bulwark/core/redis`: state shared across instances through Redis — the
 * connection, the cache store and the shared RPM/TPM limiter. The only entry
 * that loads `ioredis`. `createClient({ redis: { url } })` (or
 * `BULWARK_REDIS_URL`) uses these for you.
 *
 * @module @bulwark/core/redis
 */
export { createRedisConnection, type RedisConnectionOptions } from './create-redis-connection.js';
export type { RedisClientOptions } from './redis-client-options.js';
export {
  RedisCacheStore,
  DEFAULT_REDIS_MAX_ENTRY_BYTES,
  type RedisCacheOperation,
  type RedisCacheStoreOptions,
} from './redis-cache-store.js';
export { createRedisRateLimiter } from './create-redis-rate-limiter.js';
export type {
  RateLimitBackend,
  RateLimitBackendChange,
  RedisRateLimiter,
  RedisRateLimiterOptions,
} from './redis-rate-limiter-options.js';
export { SHARED_BUCKET_SCRIPT } from './shared-bucket-script.js';
