import { once } from 'node:events';
import { createRedisConnection } from '@bulwark/core/redis';
import { type Secret } from '@bulwark/core';

/** What {@link checkRedis} found. */
export type RedisCheck =
  { reachable: true; latencyMs: number } | { reachable: false; reason: string };

/** Options of {@link checkRedis}. */
export interface CheckRedisOptions {
  /** `BULWARK_REDIS_URL`; only its host and port are ever shown. */
  url: Secret;
  /** Longest wait for the connection and the answer, in milliseconds. @default 5000 */
  timeoutMs?: number | undefined;
  /** Stops the check early (SIGINT). */
  signal?: AbortSignal | undefined;
}

/**
 * Connects to the Redis that instances share, times one `PING`, and
 * disconnects. A failure is reported by its code or message (which name
 * host and port at most), never with the URL, which may hold a password.
 *
 * @param options - URL, timeout and signal.
 */
export async function checkRedis(options: CheckRedisOptions): Promise<RedisCheck> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const connection = createRedisConnection({
    url: options.url,
    connectTimeoutMs: timeoutMs,
    commandTimeoutMs: timeoutMs,
  });
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal =
    options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  try {
    if (connection.status !== 'ready') {
      const [failure] = await Promise.race([
        once(connection, 'ready', { signal }).then(() => [undefined]),
        once(connection, 'error', { signal }),
      ]);
      if (failure !== undefined) {
        const { code, message } = failure as NodeJS.ErrnoException;
        return { reachable: false, reason: `unreachable (${code ?? message})` };
      }
    }
    const startedAt = performance.now();
    await connection.ping();
    return { reachable: true, latencyMs: performance.now() - startedAt };
  } catch (error) {
    if (timeout.aborted) return { reachable: false, reason: `no answer within ${timeoutMs} ms` };
    return { reachable: false, reason: `failed (${(error as Error).message})` };
  } finally {
    connection.disconnect();
  }
}

/** `host:port` of a Redis URL, without user or password. */
export function describeRedisUrl(url: Secret): string {
  const parsed = new URL(url.reveal());
  return `${parsed.protocol}//${parsed.host}`;
}
