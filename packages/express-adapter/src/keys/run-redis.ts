import { KeyStoreError } from './key-store-error.js';

/**
 * Runs a Redis operation of the key store, turning Redis's failures into
 * `key_store_unavailable` (a store error passes through).
 *
 * @param operation - the commands to run.
 */
export async function runRedis<Result>(operation: () => Promise<Result>): Promise<Result> {
  try {
    return await operation();
  } catch (error) {
    if (KeyStoreError.isInstance(error)) throw error;
    throw new KeyStoreError({
      code: 'key_store_unavailable',
      // ioredis's messages name host and port at most, never the URL's password.
      message: `The Redis key store failed (${(error as Error).message ?? String(error)})`,
      cause: error,
    });
  }
}
