import { z } from 'zod';
import type { CacheClock } from './cache-clock.js';
import type { CacheWhen } from './cache-policy.js';
import type { CacheStore } from './cache-store.js';

/**
 * The `cache` option of `createClient()` (DESIGN §3); `loadConfig()` fills
 * `store`, `ttlMs` and `maxBytes` from `BULWARK_CACHE`,
 * `BULWARK_CACHE_TTL_MS` and `BULWARK_CACHE_MAX_BYTES`.
 */
export interface CacheOptions {
  /**
   * Where entries live: `memory` (a {@link MemoryCacheStore} bounded by
   * `maxBytes`), `off` (no caching and no coalescing), or any
   * {@link CacheStore}. `redis` keeps entries in the client's Redis (a
   * `RedisCacheStore` on the `redis` option's connection, shared by every
   * instance); without a `redis` option it is refused with a `ConfigError`.
   * @default 'memory'
   */
  store?: 'memory' | 'off' | 'redis' | CacheStore | undefined;
  /** Entry lifetime in milliseconds. @default 3600000 */
  ttlMs?: number | undefined;
  /** Size bound of the `memory` store in bytes (ignored for a custom store). @default 67108864 */
  maxBytes?: number | undefined;
  /**
   * Which requests are cached: `deterministic` those with `temperature: 0`
   * or a `seed`, `always` every one.
   * @default 'deterministic'
   */
  when?: CacheWhen | undefined;
  /** Keeps clients that share a store apart: entries of one namespace never answer another. @default 'default' */
  namespace?: string | undefined;
  /** Time source of expiry, for tests. @default Date.now */
  clock?: CacheClock | undefined;
}

function isCacheStore(value: unknown): value is CacheStore {
  if (typeof value !== 'object' || value === null) return false;
  const store = value as Record<string, unknown>;
  return ['get', 'set', 'delete'].every((name) => typeof store[name] === 'function');
}

/** Validates the {@link CacheOptions} a caller passed. */
export const cacheOptionsSchema = z.object({
  store: z
    .custom<'memory' | 'off' | CacheStore>(
      (value) => value === 'memory' || value === 'off' || isCacheStore(value),
      {
        error: (issue) =>
          issue.input === 'redis'
            ? "the redis store needs the client's redis option (BULWARK_REDIS_URL)"
            : "expected 'memory', 'off' or a CacheStore (get, set, delete)",
      },
    )
    .optional(),
  ttlMs: z
    .number()
    .int()
    .positive({ message: 'expected a whole number of milliseconds > 0' })
    .optional(),
  maxBytes: z
    .number()
    .int()
    .positive({ message: 'expected a whole number of bytes > 0' })
    .optional(),
  when: z
    .enum(['deterministic', 'always'], { error: 'expected deterministic or always' })
    .optional(),
  namespace: z.string().min(1, { message: 'expected a non-empty string' }).optional(),
  clock: z
    .custom<CacheClock>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as { now?: unknown }).now === 'function',
      { message: 'expected an object with now()' },
    )
    .optional(),
});
