import type { RedisConnection } from './redis-connection.js';

/** Options of {@link RedisKeyStore}. */
export interface RedisKeyStoreOptions {
  /** The connection (e.g. from `createRedisConnection`), ready. */
  connection: RedisConnection;
  /** Put before every key, to keep deployments sharing one Redis apart. @default '' */
  keyPrefix?: string | undefined;
  /** The clock of periods, expiry and reservations. @default Date.now */
  now?: (() => number) | undefined;
  /** Whether `close()` quits the connection (it does when `openRedisKeyStore` opened it). @default false */
  ownsConnection?: boolean | undefined;
}
