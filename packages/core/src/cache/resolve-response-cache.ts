import { ConfigError } from '../errors/errors.js';
import { cacheOptionsSchema, type CacheOptions } from './cache-options.js';
import { createResponseCache } from './create-response-cache.js';
import type { ResponseCache } from './response-cache.js';
import { MemoryCacheStore } from './memory-cache-store.js';

/** Options of {@link resolveResponseCache} that come from the client, not from the user. */
export interface ResolveResponseCacheOptions {
  /** Told when the store fails (the call goes on uncached). */
  onStoreError?: ((error: unknown, operation: 'get' | 'set') => void) | undefined;
}

/**
 * Builds the client's response cache from its `cache` option.
 *
 * @param options - the caller's `cache` option; absent means the defaults (a 64 MiB memory store, one hour, deterministic requests).
 * @param client - what the client adds (store failure reporting).
 * @returns the cache, or `undefined` for `store: 'off'`.
 * @throws {@link ConfigError} naming each bad `cache.*` option, and for `store: 'redis'`, which the client replaces with a `RedisCacheStore` before it gets here when it has Redis.
 */
export function resolveResponseCache(
  options: CacheOptions | undefined,
  client: ResolveResponseCacheOptions = {},
): ResponseCache | undefined {
  const parsed = cacheOptionsSchema.safeParse(options ?? {});
  const issues = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({
        name: ['cache', ...issue.path.map(String)].join('.'),
        message: issue.message,
      }));
  if (parsed.data?.store === 'redis') {
    issues.unshift({
      name: 'cache.store',
      message: "the redis store needs the client's redis option (BULWARK_REDIS_URL)",
    });
  }
  if (!parsed.success || issues.length > 0 || parsed.data.store === 'redis') {
    throw new ConfigError({ message: 'Invalid client options', issues });
  }
  const { store, ttlMs, maxBytes, when, namespace, clock } = parsed.data;
  if (store === 'off') return undefined;
  return createResponseCache({
    store: store === 'memory' ? new MemoryCacheStore({ maxBytes, clock }) : store,
    ttlMs,
    when,
    namespace,
    clock,
    onStoreError: client.onStoreError,
  });
}
