import type { CacheStats } from './cache-stats.js';
import type { CacheStore } from './cache-store.js';
import type { CacheCallOptions, CacheOutcome } from './response-cache.js';

/** The lookup counts of one response cache, behind its {@link CacheStats}. */
export interface CacheCounters {
  /** Lookups answered from the store or by joining a call in flight. */
  hits: number;
  /** Of the hits, those that joined a call in flight. */
  coalesced: number;
  /** Lookups that went upstream. */
  misses: number;
}

/** Creates counters at zero. */
export function createCacheCounters(): CacheCounters {
  return { hits: 0, coalesced: 0, misses: 0 };
}

/**
 * Counts a lookup's outcome and tells the caller's `onLookup`.
 *
 * @param counters - the cache's counters.
 * @param key - the request's cache key.
 * @param outcome - how the cache handled the call.
 * @param callOptions - the call's options, whose `onLookup` is told.
 */
export function reportLookup(
  counters: CacheCounters,
  key: string,
  outcome: Exclude<CacheOutcome, 'bypass'>,
  callOptions: CacheCallOptions,
): void {
  if (outcome === 'miss') counters.misses += 1;
  else counters.hits += 1;
  if (outcome === 'coalesced') counters.coalesced += 1;
  callOptions.onLookup?.(key, outcome);
}

/**
 * The cache's stats: its counters, their hit ratio, and the store's size.
 *
 * @param counters - the cache's counters.
 * @param store - the cache's store, asked for its size when it can tell.
 */
export function readCacheStats(counters: CacheCounters, store: CacheStore): CacheStats {
  const size = store.stats?.();
  const lookups = counters.hits + counters.misses;
  return {
    entries: size?.entries,
    bytes: size?.bytes,
    hits: counters.hits,
    coalesced: counters.coalesced,
    misses: counters.misses,
    hitRatio: lookups === 0 ? 0 : counters.hits / lookups,
  };
}
