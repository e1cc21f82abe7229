import { LRUCache } from 'lru-cache';
import type { CacheClock } from './cache-clock.js';
import { systemClock } from './cache-clock.js';
import type { CacheEntry } from './cache-entry.js';
import { cloneJson } from './clone-json.js';
import { CACHE_DEFAULTS } from './cache-options.js';
import type { CacheStore, CacheStoreStats } from './cache-store.js';

/**
 * Default size bound of a {@link MemoryCacheStore}: 64 MiB
 * (`BULWARK_CACHE_MAX_BYTES`), as `cacheOptionsSchema` declares it.
 */
export const DEFAULT_CACHE_MAX_BYTES: number = CACHE_DEFAULTS.maxBytes;

/** Options of {@link MemoryCacheStore}. */
export interface MemoryCacheStoreOptions {
  /**
   * Bound on the bytes held: the UTF-8 size of each entry's JSON plus its
   * key. Past it, the least recently used entries are evicted; an entry
   * larger than the whole bound is not stored.
   * @default {@link DEFAULT_CACHE_MAX_BYTES} (64 MiB)
   */
  maxBytes?: number | undefined;
  /** Time source for expiry; must be the clock that set the entries' `expiresAt`. @default Date.now */
  clock?: CacheClock | undefined;
}

/**
 * The in-process {@link CacheStore}, on `lru-cache`: least recently used
 * eviction under a bound in bytes, and each entry dropped at its own
 * `expiresAt` (lazily: an expired entry is never returned, and is removed
 * when read, evicted, or when `stats()` is asked; no timers run).
 *
 * An entry is measured by its JSON and kept as the plain data of that JSON,
 * detached from the objects it was given; every reader gets its own deep
 * copy, so a caller that mutates the completion it got cannot change what
 * the next caller gets. (The heap an entry takes is of the order of its
 * measured size; `maxBytes` bounds the measured sizes.)
 *
 * @example
 * ```ts
 * const store = new MemoryCacheStore({ maxBytes: 16 * 1024 * 1024 });
 * const client = createClient({ apiKey, cache: { store, ttlMs: 60_000 } });
 * ```
 */
export class MemoryCacheStore implements CacheStore {
  readonly #entries: LRUCache<string, CacheEntry>;
  readonly #clock: CacheClock;

  /**
   * @param options - size bound and clock.
   * @throws {RangeError} when `maxBytes` is not a whole number > 0.
   */
  constructor(options: MemoryCacheStoreOptions = {}) {
    const maxBytes = options.maxBytes ?? DEFAULT_CACHE_MAX_BYTES;
    if (!Number.isSafeInteger(maxBytes) || maxBytes <= 0) {
      throw new RangeError('maxBytes must be a whole number of bytes > 0');
    }
    this.#clock = options.clock ?? systemClock;
    this.#entries = new LRUCache<string, CacheEntry>({
      maxSize: maxBytes,
      // The entry's own clock; 0 reads it on every check instead of caching it behind a timer.
      perf: this.#clock,
      ttlResolution: 0,
      ttlAutopurge: false,
      allowStale: false,
      updateAgeOnGet: false,
    });
  }

  /** @inheritdoc */
  async get(key: string): Promise<CacheEntry | undefined> {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.#clock.now()) {
      this.#entries.delete(key);
      return undefined;
    }
    return cloneJson(entry);
  }

  /** @inheritdoc */
  async set(key: string, entry: CacheEntry): Promise<void> {
    const ttl = Math.ceil(entry.expiresAt - this.#clock.now());
    if (ttl <= 0) {
      this.#entries.delete(key);
      return;
    }
    const text = JSON.stringify(entry);
    const size = Buffer.byteLength(text, 'utf8') + Buffer.byteLength(key, 'utf8');
    // Kept as the plain data of its JSON, detached from the caller's objects.
    // lru-cache refuses (and drops the old value of) an entry larger than maxSize.
    this.#entries.set(key, JSON.parse(text) as CacheEntry, { ttl, size });
  }

  /** @inheritdoc */
  async delete(key: string): Promise<boolean> {
    return this.#entries.delete(key);
  }

  /** Drops every entry. */
  async clear(): Promise<void> {
    this.#entries.clear();
  }

  /** Entries held and their bytes, after dropping the expired ones. */
  stats(): CacheStoreStats {
    this.#entries.purgeStale();
    return { entries: this.#entries.size, bytes: this.#entries.calculatedSize };
  }
}
