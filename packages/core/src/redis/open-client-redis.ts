import type { Redis } from 'ioredis';
import { ConfigError } from '../errors/errors.js';
import type { Logger } from '../logging/logger.js';
import { Secret } from '../security/secret.js';
import { createRedisConnection } from './create-redis-connection.js';
import type { RedisClientOptions } from './redis-client-options.js';

/** The Redis side of one client. */
export interface ClientRedis {
  /** The connection. */
  readonly connection: Redis;
  /** Key prefix of every key. */
  readonly keyPrefix: string;
  /** Rate-limit namespace. */
  readonly namespace: string;
  /** Closes the connection if the client opened it (`QUIT`, then a hard disconnect on failure). */
  close(): Promise<void>;
}

/**
 * Opens (or adopts) the connection of a client's `redis` option.
 *
 * @param options - the option; `undefined` or a `url` of `undefined` means no Redis.
 * @param logger - where the connection reports outages.
 * @returns the connection and its settings, or `undefined`.
 * @throws {@link ConfigError} (`redis.url`) when the URL is not `redis:` or `rediss:`; the
 * message never repeats the URL, which may hold a password.
 */
export function openClientRedis(
  options: RedisClientOptions | undefined,
  logger: Logger,
): ClientRedis | undefined {
  if (options === undefined) return undefined;
  const settings = {
    keyPrefix: options.keyPrefix ?? '',
    namespace: options.namespace ?? 'default',
  };
  if (options.client !== undefined) {
    return Object.assign({ connection: options.client, close: async () => undefined }, settings);
  }
  if (options.url === undefined) return undefined;
  const url = options.url instanceof Secret ? options.url.reveal() : options.url;
  if (!/^rediss?:\/\//.test(url) || !URL.canParse(url)) {
    throw new ConfigError({
      message: 'Invalid client options',
      issues: [{ name: 'redis.url', message: 'expected a redis:// or rediss:// URL' }],
    });
  }
  const connection = createRedisConnection({ url, logger });
  return Object.assign(
    {
      connection,
      async close() {
        try {
          await connection.quit();
        } catch {
          connection.disconnect();
        }
      },
    },
    settings,
  );
}
