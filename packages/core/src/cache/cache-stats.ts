/** What `client.health().cache` reports. */
export interface CacheStats {
  /** Entries in the store; `undefined` when the store cannot tell (a remote store). */
  entries: number | undefined;
  /** Bytes in the store; `undefined` when the store cannot tell. */
  bytes: number | undefined;
  /** Cacheable calls answered without an upstream call of their own: from the store, or by joining an identical call in flight. */
  hits: number;
  /** Of the hits, those that joined an identical call in flight. */
  coalesced: number;
  /** Cacheable calls that went upstream (`refresh` calls included). */
  misses: number;
  /** `hits / (hits + misses)`, 0 before any cacheable call. */
  hitRatio: number;
}
