import type { Redis } from 'ioredis';
import { systemClock, type CacheClock } from '../cache/cache-clock.js';
import type { CacheEntry } from '../cache/cache-entry.js';
import type { CacheStore } from '../cache/cache-store.js';

/** Default bound on one entry of a {@link RedisCacheStore}: 1 MiB. */
export const DEFAULT_REDIS_MAX_ENTRY_BYTES = 1_048_576;

/** What a {@link RedisCacheStore} was doing when Redis failed. */
export type RedisCacheOperation = 'get' | 'set' | 'delete';

/** Options of {@link RedisCacheStore}. */
export interface RedisCacheStoreOptions {
  /** The connection, e.g. from `createRedisConnection`; the store never closes it. */
  connection: Redis;
  /**
   * Put before every key. The cache's keys already carry their namespace
   * (`bulwark:v1:<namespace>:<sha256>`), so clients with different
   * `cache.namespace` never answer each other; a prefix further separates
   * deployments that share one Redis (e.g. `staging:`).
   * @default ''
   */
  keyPrefix?: string | undefined;
  /**
   * Bound on one entry: the UTF-8 size of its JSON. A larger answer is not
   * stored (the call still succeeds). The total is bounded by Redis itself
   * (`maxmemory` with an eviction policy such as `volatile-lru`).
   * @default 1048576 (1 MiB)
   */
  maxEntryBytes?: number | undefined;
  /** Time source of expiry; the one that set the entries' `expiresAt`. @default Date.now */
  clock?: CacheClock | undefined;
  /**
   * Told when Redis fails; the store then answers as if the key were absent
   * (`get`: a miss, `set`: not stored, `delete`: `false`) and never throws.
   */
  onError?: ((error: unknown, operation: RedisCacheOperation) => void) | undefined;
}

/**
 * The shared {@link CacheStore}: every instance of a gateway that points at
 * the same Redis sees the answers the others stored (docs/architecture.md, "Where state lives").
 *
 * - Each entry is one string key holding its JSON, written with `PX` set to
 *   the entry's remaining lifetime, so Redis drops it at its `expiresAt`;
 *   an entry read after that (clock skew) is ignored too.
 * - Entries larger than `maxEntryBytes` are not stored.
 * - Tolerant: a Redis failure (down, timeout, a bad value) is reported to
 *   `onError` and answered as a miss or a no-op, never thrown, so the call
 *   goes upstream as if nothing were cached.
 * - No `stats()`: the size lives in Redis (`client.health().cache` reports
 *   `entries` and `bytes` as `undefined`).
 *
 * @example
 * ```ts
 * const connection = createRedisConnection({ url: 'redis://127.0.0.1:6379' });
 * const client = createClient({ apiKey, cache: { store: new RedisCacheStore({ connection }) } });
 * ```
 */
export class RedisCacheStore implements CacheStore {
  readonly #connection: Redis;
  readonly #prefix: string;
  readonly #maxEntryBytes: number;
  readonly #clock: CacheClock;
  readonly #onError: RedisCacheStoreOptions['onError'];

  /**
   * @param options - connection, prefix, entry bound, clock and error callback.
   * @throws {RangeError} when `maxEntryBytes` is not a whole number > 0.
   */
  constructor(options: RedisCacheStoreOptions) {
    const maxEntryBytes = options.maxEntryBytes ?? DEFAULT_REDIS_MAX_ENTRY_BYTES;
    if (!Number.isSafeInteger(maxEntryBytes) || maxEntryBytes <= 0) {
      throw new RangeError('maxEntryBytes must be a whole number of bytes > 0');
    }
    this.#connection = options.connection;
    this.#prefix = options.keyPrefix ?? '';
    this.#maxEntryBytes = maxEntryBytes;
    this.#clock = options.clock ?? systemClock;
    this.#onError = options.onError;
  }

  /** @inheritdoc */
  async get(key: string): Promise<CacheEntry | undefined> {
    try {
      const text = await this.#connection.get(this.#prefix + key);
      if (text === null) return undefined;
      const entry = JSON.parse(text) as CacheEntry;
      return entry.expiresAt > this.#clock.now() ? entry : undefined;
    } catch (error) {
      this.#onError?.(error, 'get');
      return undefined;
    }
  }

  /** @inheritdoc */
  async set(key: string, entry: CacheEntry): Promise<void> {
    const ttl = Math.ceil(entry.expiresAt - this.#clock.now());
    if (ttl <= 0) return;
    const text = JSON.stringify(entry);
    if (Buffer.byteLength(text, 'utf8') > this.#maxEntryBytes) return;
    try {
      await this.#connection.set(this.#prefix + key, text, 'PX', ttl);
    } catch (error) {
      this.#onError?.(error, 'set');
    }
  }

  /** @inheritdoc */
  async delete(key: string): Promise<boolean> {
    try {
      return (await this.#connection.del(this.#prefix + key)) > 0;
    } catch (error) {
      this.#onError?.(error, 'delete');
      return false;
    }
  }
}
