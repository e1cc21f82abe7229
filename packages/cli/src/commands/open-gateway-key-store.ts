import type { BulwarkConfig } from '@bulwark/core';
import { openKeyStore, type KeyStore } from '@bulwark/express-adapter/keys';
import type { CliContext } from '../cli-context.js';
import { describeRedisUrl } from '../doctor/check-redis.js';
import { toCliError } from '../keys/with-key-store.js';

/**
 * The key store `bulwark serve` enforces (docs/keys.md): Redis with
 * `BULWARK_REDIS_URL`, else the SQLite file in `BULWARK_STATE_DIR` when it
 * exists (a gateway whose operator never created a key loads no database).
 * A store without keys is closed and not used, so that a gateway which
 * only shares its cache through Redis stays as open as before; once a key
 * exists, a restart puts every `/v1` route behind the keys. Says on stdout
 * which store it uses.
 *
 * @param config - the configuration.
 * @param context - the working folder and stdout.
 * @returns the store with at least one key, or `undefined`.
 * @throws `CliError` when the store cannot be opened (exit 2 for a bad
 * folder or a newer store, 1 when Redis does not answer).
 */
export async function openGatewayKeyStore(
  config: BulwarkConfig,
  context: CliContext,
): Promise<KeyStore | undefined> {
  let store: KeyStore | undefined;
  let keys: number;
  try {
    store = await openKeyStore({
      stateDir: config.stateDir,
      cwd: context.cwd,
      redisUrl: config.redis.url,
      onlyIfExists: true,
    });
    if (store === undefined) return undefined;
    keys = (await store.list()).length;
  } catch (error) {
    await store?.close();
    throw toCliError(error);
  }
  if (keys === 0) {
    await store.close();
    return undefined;
  }
  const where =
    config.redis.url === undefined
      ? `the key store in ${config.stateDir}`
      : `the key store in Redis at ${describeRedisUrl(config.redis.url)}`;
  context.stdout.write(`Gateway keys: ${keys} in ${where}\n`);
  return store;
}
