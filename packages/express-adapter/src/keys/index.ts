/**
 * `@bulwark/express-adapter/keys`: the gateway's key store (docs/keys.md) —
 * named keys with their own RPM/TPM limits, model allow-lists, expiry and
 * spend budgets, counted by reserve-then-settle so that concurrent calls
 * never overspend. SQLite (`better-sqlite3`, loaded on first use) by
 * default, Redis to share keys and spend across instances. Loads neither
 * Express nor a database until a store is opened.
 *
 * @module @bulwark/express-adapter/keys
 */
export type {
  BudgetPeriod,
  CreatedKey,
  KeyLimits,
  KeyLimitsInput,
  KeyRecord,
  KeyStore,
  KeyUsage,
  Reservation,
  ReserveOutcome,
} from './key-store.js';
export {
  KeyStoreError,
  type KeyStoreErrorCode,
  type KeyStoreErrorOptions,
} from './key-store-error.js';
export { KEY_NAME_PATTERN, checkKeyName } from './key-name.js';
export { BUDGET_PERIODS, DEFAULT_KEY_LIMITS, applyKeyLimits } from './key-limits.js';
export { GATEWAY_KEY_PREFIX, generateGatewayKey, hashGatewayKey } from './gateway-key.js';
export { budgetWindow, type BudgetWindow } from './budget-window.js';
export { isKeyExpired, isModelAllowed } from './key-access.js';
export { toKeyReport, type KeyReport } from './key-report.js';
export { openKeyStore, type OpenKeyStoreOptions } from './open-key-store.js';
export {
  openSqliteKeyStore,
  SQLITE_KEY_STORE_FILE,
  type SqliteKeyStoreOptions,
} from './open-sqlite-key-store.js';
export { openRedisKeyStore, type OpenRedisKeyStoreOptions } from './open-redis-key-store.js';
export {
  RedisKeyStore,
  type RedisConnection,
  type RedisKeyStoreOptions,
} from './redis-key-store.js';
export {
  KEY_RATE_WINDOW_MS,
  type KeyRateLimiter,
  type KeyRateLimits,
  type RateAdmission,
  type RateTicket,
} from './key-rate-limiter.js';
export { MemoryKeyRateLimiter } from './memory-key-rate-limiter.js';
