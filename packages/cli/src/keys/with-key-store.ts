import { join, resolve } from 'node:path';
import {
  KeyStoreError,
  openKeyStore,
  SQLITE_KEY_STORE_FILE,
  type KeyStore,
} from '@bulwark/express-adapter/keys';
import type { CliContext } from '../cli-context.js';
import { loadCliConfig } from '../config/load-cli-config.js';
import { describeRedisUrl } from '../doctor/check-redis.js';
import { CliError } from '../errors/cli-error.js';
import { EXIT_CODES } from '../errors/exit-codes.js';

/** Store failures that need a fix of the command or the setup (exit 2); the rest exit 1. */
const USAGE_CODES = new Set([
  'invalid_key_name',
  'invalid_key_limits',
  'key_exists',
  'unknown_key',
  'invalid_state_dir',
  'unsupported_key_store',
]);

/** A store failure as the CLI reports it: the store's message and code, exit 2 or 1; anything else as it is. */
export function toCliError(error: unknown): unknown {
  if (!KeyStoreError.isInstance(error)) return error;
  return new CliError({
    message: error.message,
    code: error.code,
    exitCode: USAGE_CODES.has(error.code) ? EXIT_CODES.usage : EXIT_CODES.failure,
    cause: error,
  });
}

/**
 * Opens the key store the configuration names (Redis with
 * `BULWARK_REDIS_URL`, else SQLite in `BULWARK_STATE_DIR`, relative to the
 * working folder), runs `body` with it, and closes it. Only `create` makes a
 * SQLite store that does not exist yet; the other commands give
 * `ifMissing`, called instead, so that a mistyped folder is not filled.
 *
 * @param context - the CLI's environment and working folder.
 * @param body - what to do, given the store and where it is (for messages).
 * @param ifMissing - what to do when there is no SQLite store yet. @default create it
 * @throws `ConfigError` for a bad configuration, `CliError` for a store
 * failure (exit 2 for a bad name, limit, folder or version; 1 when the store is unavailable).
 */
export async function withKeyStore<Result>(
  context: CliContext,
  body: (store: KeyStore, where: string) => Promise<Result>,
  ifMissing?: (where: string) => Result,
): Promise<Result> {
  const config = loadCliConfig(context);
  const where =
    config.redis.url === undefined
      ? join(resolve(context.cwd, config.stateDir), SQLITE_KEY_STORE_FILE)
      : `Redis at ${describeRedisUrl(config.redis.url)}`;
  let store: KeyStore | undefined;
  try {
    store = await openKeyStore({
      stateDir: config.stateDir,
      cwd: context.cwd,
      redisUrl: config.redis.url,
      onlyIfExists: ifMissing !== undefined,
    });
  } catch (error) {
    throw toCliError(error);
  }
  if (store === undefined) return (ifMissing as (where: string) => Result)(where);
  try {
    return await body(store, where);
  } catch (error) {
    throw toCliError(error);
  } finally {
    await store.close();
  }
}
