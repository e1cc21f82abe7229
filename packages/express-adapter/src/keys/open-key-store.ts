import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Secret } from '@bulwark/core';
import type { KeyStore } from './key-store.js';
import { openRedisKeyStore } from './open-redis-key-store.js';
import { openSqliteKeyStore, SQLITE_KEY_STORE_FILE } from './open-sqlite-key-store.js';

/** Options of {@link openKeyStore}: the configuration's `stateDir` and `redis.url`. */
export interface OpenKeyStoreOptions {
  /** `BULWARK_STATE_DIR`, the SQLite store's folder; relative to `cwd`. */
  stateDir: string;
  /** `BULWARK_REDIS_URL`: when set, the store is Redis and `stateDir` is unused. */
  redisUrl?: string | Secret | undefined;
  /** Base of a relative `stateDir`. @default process.cwd() */
  cwd?: string | undefined;
  /** Prefix of the Redis keys. @default '' */
  redisKeyPrefix?: string | undefined;
  /** The clock. @default Date.now */
  now?: (() => number) | undefined;
  /**
   * Open the SQLite store only if its file exists (answer `undefined`
   * otherwise, without loading `better-sqlite3`): what a gateway does, so
   * that one whose operator never created a key pays nothing for the store.
   * @default false
   */
  onlyIfExists?: boolean | undefined;
}

/**
 * Opens the key store the configuration names: Redis when `redisUrl` is
 * set (shared by every instance), else SQLite in `stateDir`
 * (`<stateDir>/bulwark.db`). What `bulwark keys` uses (docs/keys.md).
 *
 * @param options - the folder, the Redis URL, and how to open.
 * @returns the store, or `undefined` with `onlyIfExists` and no SQLite file.
 * @throws {@link KeyStoreError} from `openSqliteKeyStore` or `openRedisKeyStore`.
 * @example
 * ```ts
 * const config = loadConfig();
 * const store = await openKeyStore({ stateDir: config.stateDir, redisUrl: config.redis.url });
 * ```
 */
export async function openKeyStore(
  options: OpenKeyStoreOptions & { onlyIfExists?: false | undefined },
): Promise<KeyStore>;
export async function openKeyStore(options: OpenKeyStoreOptions): Promise<KeyStore | undefined>;
export async function openKeyStore(options: OpenKeyStoreOptions): Promise<KeyStore | undefined> {
  if (options.redisUrl !== undefined) {
    return openRedisKeyStore({
      url: options.redisUrl,
      keyPrefix: options.redisKeyPrefix,
      now: options.now,
    });
  }
  const stateDir = resolve(options.cwd ?? process.cwd(), options.stateDir);
  if (options.onlyIfExists === true && !existsSync(join(stateDir, SQLITE_KEY_STORE_FILE))) {
    return undefined;
  }
  return openSqliteKeyStore({ stateDir, now: options.now });
}
