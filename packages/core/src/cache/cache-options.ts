import { z } from 'zod';
import { hasMethods, customValue, wholeNumber } from '../options/option-schemas.js';
import type { CacheClock } from './cache-clock.js';
import type { CacheStore } from './cache-store.js';

/**
 * The named stores, `memory` by default (`BULWARK_CACHE`). `redis` keeps
 * entries in the client's Redis; without a `redis` option it is refused.
 */
export const cacheStoreNameSchema = z
  .literal(['memory', 'redis', 'off'], { error: 'expected memory, redis or off' })
  .default('memory');

/**
 * The `cache` option of `createClient()` and its defaults; `loadConfig()`
 * fills `store`, `ttlMs` and `maxBytes` from `BULWARK_CACHE`,
 * `BULWARK_CACHE_TTL_MS` and `BULWARK_CACHE_MAX_BYTES`.
 */
export const cacheOptionsSchema = z.object({
  /**
   * Where entries live: `memory` (a `MemoryCacheStore` bounded by
   * `maxBytes`), `off` (no caching and no coalescing), or any `CacheStore`.
   * `redis` keeps entries in the client's Redis (a `RedisCacheStore` on the
   * `redis` option's connection, shared by every instance); without a
   * `redis` option it is refused with a `ConfigError`.
   * @default 'memory'
   */
  store: z.union(
    [
      cacheStoreNameSchema,
      customValue<CacheStore>(hasMethods('get', 'set', 'delete'), 'expected a CacheStore'),
    ],
    { error: "expected 'memory', 'off', 'redis' or a CacheStore (get, set, delete)" },
  ),
  /** Entry lifetime in milliseconds (`BULWARK_CACHE_TTL_MS`). @default 3600000 (one hour) */
  ttlMs: wholeNumber(1).default(3_600_000),
  /**
   * Size bound of the `memory` store in bytes (`BULWARK_CACHE_MAX_BYTES`;
   * ignored for a custom store).
   * @default 67108864 (64 MiB)
   */
  maxBytes: wholeNumber(1).default(67_108_864),
  /**
   * Which requests are cached: `deterministic` those with `temperature: 0`
   * or a `seed`, `always` every one.
   * @default 'deterministic'
   */
  when: z
    .literal(['deterministic', 'always'], { error: 'expected deterministic or always' })
    .default('deterministic'),
  /**
   * Keeps clients that share a store apart: entries of one namespace never
   * answer another.
   * @default 'default'
   */
  namespace: z.string().min(1, { error: 'expected a non-empty string' }).default('default'),
  /** Time source of expiry, for tests. @default Date.now */
  clock: customValue<CacheClock>(hasMethods('now'), 'expected an object with now()').optional(),
});

/** The `cache` option of `createClient()`; see {@link cacheOptionsSchema} for each field. */
export type CacheOptions = z.input<typeof cacheOptionsSchema>;

/** The defaults of {@link cacheOptionsSchema}, for the cache's parts used on their own. */
export const CACHE_DEFAULTS = cacheOptionsSchema.parse({});
