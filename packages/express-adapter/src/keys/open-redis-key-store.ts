import { once } from 'node:events';
import type { Secret } from '@bulwark/core';
import { createRedisConnection } from '@bulwark/core/redis';
import type { KeyStore } from './key-store.js';
import { KeyStoreError } from './key-store-error.js';
import { RedisKeyStore } from './redis-key-store.js';

/** Options of {@link openRedisKeyStore}. */
export interface OpenRedisKeyStoreOptions {
  /** `BULWARK_REDIS_URL`: `redis://` or `rediss://`, in clear or as a `Secret`. Never shown. */
  url: string | Secret;
  /** Put before every key, to keep deployments sharing one Redis apart. @default '' */
  keyPrefix?: string | undefined;
  /** The clock. @default Date.now */
  now?: (() => number) | undefined;
  /** Longest wait for the connection, and for each command, in ms. @default 5000 */
  timeoutMs?: number | undefined;
}

/**
 * Connects to Redis (with `createRedisConnection` from `@bulwark/core/redis`),
 * waits until it answers, and returns the Redis key store over that
 * connection; `close()` quits it. To share a connection you already have,
 * construct `RedisKeyStore` yourself.
 *
 * @param options - URL, prefix, clock and timeout.
 * @throws {@link KeyStoreError} `key_store_unavailable` when Redis does not
 * answer in time (the message names the failure, never the URL).
 */
export async function openRedisKeyStore(options: OpenRedisKeyStoreOptions): Promise<KeyStore> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const connection = createRedisConnection({
    url: options.url,
    connectTimeoutMs: timeoutMs,
    commandTimeoutMs: timeoutMs,
  });
  if (connection.status !== 'ready') {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const [failure] = await Promise.race([
        once(connection, 'ready', { signal: timeout }).then(() => [undefined]),
        once(connection, 'error', { signal: timeout }),
      ]);
      if (failure !== undefined) throw failure;
    } catch (error) {
      connection.disconnect();
      const reason = timeout.aborted
        ? `no answer within ${timeoutMs} ms`
        : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
      throw new KeyStoreError({
        code: 'key_store_unavailable',
        message: `The Redis key store is unreachable (BULWARK_REDIS_URL): ${reason}`,
        cause: error,
      });
    }
  }
  // The store's commands of one turn of the event loop go out in one write (ioredis reads the
  // option per command); a busy gateway sends several per turn, one per request and step.
  connection.options.enableAutoPipelining = true;
  return new RedisKeyStore({
    connection,
    keyPrefix: options.keyPrefix,
    now: options.now,
    ownsConnection: true,
  });
}
