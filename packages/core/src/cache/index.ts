/**
 * `@bulwark/core/cache`: the response cache on its own — stores, canonical
 * keys, the `when` policy, single flight and stream recording. A client
 * builds its cache from its `cache` option; these are for custom stores and
 * advanced use.
 *
 * @module @bulwark/core/cache
 */
export { createCacheKey, CACHE_KEY_EXCLUDED_FIELDS, CACHE_KEY_VERSION } from './cache-key.js';
export type { CacheKeyOptions } from './cache-key.js';
export { isCacheableRequest, type CacheMode, type CacheWhen } from './cache-policy.js';
export { cacheOptionsSchema, cacheStoreNameSchema, type CacheOptions } from './cache-options.js';
export type { CacheStore, CacheStoreStats } from './cache-store.js';
export type {
  CacheEntry,
  CacheEntryBase,
  CompletionCacheEntry,
  EmbeddingsCacheEntry,
  StreamCacheEntry,
} from './cache-entry.js';
export { systemClock, type CacheClock } from './cache-clock.js';
export type { CacheStats } from './cache-stats.js';
export {
  MemoryCacheStore,
  DEFAULT_CACHE_MAX_BYTES,
  type MemoryCacheStoreOptions,
} from './memory-cache-store.js';
export {
  createResponseCache,
  DEFAULT_CACHE_TTL_MS,
  type ResponseCacheOptions,
} from './create-response-cache.js';
export type {
  Cached,
  CacheCallOptions,
  CacheOutcome,
  ResponseCache,
  UpstreamCompletion,
  UpstreamEmbeddings,
  UpstreamStream,
} from './response-cache.js';
export {
  createSingleFlight,
  type FlightTicket,
  type JoinOptions,
  type SingleFlight,
} from './single-flight.js';
