import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { Logger } from '../logging/logger.js';
import { silentLogger } from '../logging/logger.js';
import { Secret } from '../security/secret.js';

// `ioredis` loads when the first connection opens, never with the root entry:
// a client without Redis does not pay for it (see `docs/architecture.md`, "Entry points").
const load = createRequire(import.meta.url);
let RedisClass: typeof Redis | undefined;

/** Options of {@link createRedisConnection}. */
export interface RedisConnectionOptions {
  /**
   * `redis://[:password@]host[:port][/db]` or `rediss://…` (TLS); a
   * {@link Secret} keeps a password out of logs. Never written to a log or an error.
   */
  url: string | Secret;
  /**
   * Longest wait for a command's answer, in milliseconds; past it the command
   * fails (a cache read becomes a miss, the limiter falls back to local).
   * @default 1000
   */
  commandTimeoutMs?: number | undefined;
  /** Longest wait for a connection to be established, in milliseconds. @default 2000 */
  connectTimeoutMs?: number | undefined;
  /** Longest pause between reconnection attempts, in milliseconds. @default 2000 */
  maxReconnectDelayMs?: number | undefined;
  /** Where connection losses and recoveries are logged (`warn`, `info`). @default silentLogger */
  logger?: Logger | undefined;
}

/**
 * Opens the `ioredis` connection that Bulwark's shared state uses, tuned to
 * fail fast rather than to wait: a call must never hang on Redis.
 *
 * - `lazyConnect`: nothing happens at construction; the connection starts
 *   right after, in the background, and its failure never throws.
 * - `enableOfflineQueue: false` and `maxRetriesPerRequest: 1`: while Redis
 *   is down a command fails at once instead of queueing, so the cache
 *   degrades to a miss and the rate limiter to its local fallback.
 * - Reconnection forever, with a backoff bounded by `maxReconnectDelayMs`,
 *   so the shared state comes back by itself when Redis does.
 * - `error` events are logged once per outage (`warn`, without the URL),
 *   never left unhandled.
 *
 * The caller owns the connection: `await connection.quit()` (or
 * `disconnect()`) when done. `createClient({ redis: { url } })` does both for you.
 *
 * @param options - URL, timeouts and logger.
 * @returns the `ioredis` client, connecting.
 * @example
 * ```ts
 * const connection = createRedisConnection({ url: process.env.BULWARK_REDIS_URL! });
 * const store = new RedisCacheStore({ connection });
 * ```
 */
export function createRedisConnection(options: RedisConnectionOptions): Redis {
  const url = options.url instanceof Secret ? options.url.reveal() : options.url;
  const logger = options.logger ?? silentLogger;
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  RedisClass ??= (load('ioredis') as { Redis: typeof Redis }).Redis;
  const connection = new RedisClass(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: options.connectTimeoutMs ?? 2000,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), maxDelay),
  });
  let down = false;
  connection.on('error', (error: Error & { code?: string }) => {
    if (down) return;
    down = true;
    // The error's message names host and port at most, never the URL's password.
    logger.warn({ code: error.code, error: error.message }, 'Redis is unreachable; retrying');
  });
  connection.on('ready', () => {
    if (down) logger.info({}, 'Redis is reachable again');
    down = false;
  });
  connection.connect().catch(() => undefined);
  return connection;
}
