import type { CacheEntry } from './cache-entry.js';
import type { CacheStore } from './cache-store.js';

/** Where a store's failures are told; read at each failure, as the cache's options hold it. */
export interface StoreErrorListener {
  /** Told when the store fails; the call goes on as a miss (`get`) or unstored (`set`). */
  readonly onStoreError?: ((error: unknown, operation: 'get' | 'set') => void) | undefined;
}

/**
 * Reads the entry under `key`; a store failure is told and read as a miss.
 *
 * @param store - where entries live.
 * @param listener - told of a store failure.
 * @param key - the request's cache key.
 */
export async function readEntry(
  store: CacheStore,
  listener: StoreErrorListener,
  key: string,
): Promise<CacheEntry | undefined> {
  try {
    return await store.get(key);
  } catch (error) {
    listener.onStoreError?.(error, 'get');
    return undefined;
  }
}

/**
 * Stores `entry` under `key`; a store failure is told and leaves the answer unstored.
 *
 * @param store - where entries live.
 * @param listener - told of a store failure.
 * @param key - the request's cache key.
 * @param entry - the answer to store.
 */
export async function writeEntry(
  store: CacheStore,
  listener: StoreErrorListener,
  key: string,
  entry: CacheEntry,
): Promise<void> {
  try {
    await store.set(key, entry);
  } catch (error) {
    listener.onStoreError?.(error, 'set');
  }
}
