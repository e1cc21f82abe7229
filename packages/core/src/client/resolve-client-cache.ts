import { resolveResponseCache } from '../cache/resolve-response-cache.js';
import type { ResponseCache } from '../cache/response-cache.js';
import { ConfigError, type ConfigIssue } from '../errors/errors.js';
import { RedisCacheStore } from '../redis/redis-cache-store.js';
import type { ParsedClientOptions } from './client-options.js';
import type { ResolveClientContext } from './resolve-client-options.js';

/**
 * The client's response cache from its parsed `cache` option:
 * `store: 'redis'` becomes a `RedisCacheStore` on the client's Redis, and
 * every store failure is logged and told to `onCacheError` (the call goes on
 * without the cache). Bad cache settings are added to `issues`.
 *
 * @param options - the parsed client options.
 * @param issues - where problems are added.
 * @param context - the client's Redis and cache failure callback.
 * @returns the cache, or `undefined` with `store: 'off'` or bad settings.
 */
export function resolveClientCache(
  options: ParsedClientOptions,
  issues: ConfigIssue[],
  { redis, onCacheError }: ResolveClientContext,
): ResponseCache | undefined {
  const { logger } = options;
  const cacheOptions =
    options.cache.store === 'redis' && redis !== undefined
      ? Object.assign({}, options.cache, {
          store: new RedisCacheStore({
            connection: redis.connection,
            keyPrefix: redis.keyPrefix,
            clock: options.cache.clock,
            // The connection warns once per outage; each failed lookup is a detail.
            onError: (error, operation) => {
              logger.debug({ operation, error: describe(error) }, 'Redis cache failed: a miss');
              onCacheError?.(error, operation);
            },
          }),
        })
      : options.cache;
  try {
    return resolveResponseCache(cacheOptions, {
      onStoreError: (error, operation) => {
        logger.warn(
          { operation, error: error instanceof Error ? error.name : typeof error },
          'The cache store failed; the call goes on without it',
        );
        onCacheError?.(error, operation);
      },
    });
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    issues.push(...error.issues);
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
