import type { CacheEntry } from './cache-entry.js';

/** Size of a store's content, for `client.health().cache`. */
export interface CacheStoreStats {
  /** Entries held (a store may count expired entries it has not dropped yet). */
  entries: number;
  /** Bytes held, as the store measures them. */
  bytes: number;
}

/**
 * Where cached answers live. Every method is asynchronous so that a remote
 * store (Redis) fits the same interface as the in-process
 * {@link MemoryCacheStore}. Entries carry their own expiry
 * (`entry.expiresAt`): a store must never return an expired entry, and may
 * use the remaining time as its own TTL (`PX` in Redis).
 *
 * A store's failures do not fail the call: the cache treats a throwing `get`
 * as a miss and a throwing `set` as not stored, and reports both through its
 * `onStoreError` option.
 *
 * @example
 * ```ts
 * const client = createClient({ apiKey, cache: { store: new MemoryCacheStore({ maxBytes: 1 << 20 }) } });
 * ```
 */
export interface CacheStore {
  /**
   * Reads an entry.
   * @returns the entry, or `undefined` when there is none or it expired.
   */
  get(key: string): Promise<CacheEntry | undefined>;
  /**
   * Stores an entry until its `expiresAt`, replacing any entry under the same
   * key. A store may refuse an entry (one larger than its size bound, or
   * already expired) without an error.
   */
  set(key: string, entry: CacheEntry): Promise<void>;
  /**
   * Removes an entry.
   * @returns whether there was one.
   */
  delete(key: string): Promise<boolean>;
  /**
   * What the store holds, if it can tell synchronously (a remote store may
   * leave it out; `client.health().cache` then reports `undefined` for entries and bytes).
   */
  stats?(): CacheStoreStats;
}
