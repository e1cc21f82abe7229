import { spendWindows } from './budget-window.js';
import { hashGatewayKey } from './gateway-key.js';
import { applyKeyLimits } from './key-limits.js';
import { checkKeyName } from './key-name.js';
import type {
  CreatedKey,
  KeyLimitsInput,
  KeyRecord,
  KeyStore,
  KeyUsage,
  Reservation,
  ReserveOutcome,
} from './key-store.js';
import type { KeyRateLimiter } from './key-rate-limiter.js';
import { LastUsedThrottle } from './last-used-throttle.js';
import { defineScripts, type RedisConnection, type ScriptCommand } from './redis-connection.js';
import { RedisKeyBudget } from './redis-key-budget.js';
import { RedisKeyNames } from './redis-key-names.js';
import { RedisKeyRateLimiter } from './redis-key-rate-limiter.js';
import { fieldsFromList, fromRedisFields, toRedisLimitFields } from './redis-key-record.js';
import { KEY_STORE_SCRIPTS } from './redis-key-commands.js';
import { createRedisKey } from './redis-create-key.js';
import { runRedis } from './run-redis.js';
import { unknownKey } from './store-arguments.js';

import type { RedisKeyStoreOptions } from './redis-key-store-options.js';

export type { RedisConnection } from './redis-connection.js';
export type { RedisKeyStoreOptions } from './redis-key-store-options.js';

/**
 * The Redis {@link KeyStore}: every gateway instance on one Redis sees the
 * same keys and spend. Key records are hashes, with an index from each
 * key's SHA-256 to its name; spend is a counter per key and window;
 * reservations are a sorted set by expiry with a hash of their amounts.
 * Reserve, settle, release, create, update and revoke are each one Lua
 * script, atomic across instances. Durability is Redis's: turn on AOF
 * (`appendonly yes`, `appendfsync always` or `everysec`) to keep spend
 * across a Redis restart (docs/keys.md).
 */
export class RedisKeyStore implements KeyStore {
  readonly #connection: RedisConnection;
  readonly #scripted: Record<keyof typeof KEY_STORE_SCRIPTS, ScriptCommand>;
  readonly #names: RedisKeyNames;
  readonly #now: () => number;
  readonly #ownsConnection: boolean;
  readonly #throttle = new LastUsedThrottle();
  readonly #budget: RedisKeyBudget;
  /** @inheritdoc */
  readonly rateLimiter: KeyRateLimiter;

  /** @param options - connection, key prefix, clock and ownership. */
  constructor(options: RedisKeyStoreOptions) {
    this.#connection = options.connection;
    this.#scripted = defineScripts(this.#connection, KEY_STORE_SCRIPTS);
    this.#names = new RedisKeyNames(options.keyPrefix ?? '');
    this.#now = options.now ?? Date.now;
    this.#ownsConnection = options.ownsConnection ?? false;
    this.#budget = new RedisKeyBudget(this.#scripted, this.#names, this.#now);
    this.rateLimiter = new RedisKeyRateLimiter(this.#connection, this.#names, this.#now);
  }

  /** @inheritdoc */
  async create(name: string, limits: KeyLimitsInput = {}): Promise<CreatedKey> {
    checkKeyName(name);
    const checked = applyKeyLimits(limits);
    const now = this.#now();
    return this.#run(() =>
      createRedisKey(
        (...args) => this.#scripted.bulwarkKeyCreate(...args),
        this.#names,
        name,
        checked,
        now,
      ),
    );
  }

  /** @inheritdoc */
  async list(): Promise<KeyRecord[]> {
    return this.#run(async () => {
      const names = (await this.#connection.smembers(this.#names.names)).sort();
      const pipeline = this.#connection.pipeline();
      for (const name of names) pipeline.hgetall(this.#names.record(name));
      const replies = (await pipeline.exec()) ?? [];
      return replies.flatMap(([error, fields]) => {
        if (error !== null) throw error;
        const record = fromRedisFields(fields as Record<string, string>);
        return record === undefined ? [] : [record];
      });
    });
  }

  /** @inheritdoc */
  async get(name: string): Promise<KeyRecord | undefined> {
    return this.#run(async () =>
      fromRedisFields(await this.#connection.hgetall(this.#names.record(name))),
    );
  }

  /** @inheritdoc */
  async update(name: string, changes: KeyLimitsInput): Promise<KeyRecord> {
    checkKeyName(name);
    return this.#run(async () => {
      const fields = await this.#connection.hgetall(this.#names.record(name));
      const current = fromRedisFields(fields);
      if (current === undefined) throw unknownKey(name);
      const limits = applyKeyLimits(changes, current.limits);
      const updatedAt = this.#now();
      const reply = await this.#scripted.bulwarkKeyUpdate(
        this.#names.record(name),
        fields['id'] as string,
        ...toRedisLimitFields(limits),
        'updatedAt',
        updatedAt,
      );
      if (reply !== 1) throw unknownKey(name);
      return Object.assign({}, current, { limits, updatedAt });
    });
  }

  /** @inheritdoc */
  async revoke(name: string): Promise<void> {
    checkKeyName(name);
    const windows = spendWindows(this.#now(), 0);
    await this.#run(async () => {
      const reply = await this.#scripted.bulwarkKeyRevoke(
        this.#names.record(name), this.#names.index, this.#names.names,
        this.#names.reservations(name), this.#names.reserved(name),
        ...windows.map((window) => this.#names.spend(name, window.id)),
        name,
      ); // prettier-ignore
      if (reply !== 1) throw unknownKey(name);
    });
    this.#throttle.forget(name);
  }

  /** @inheritdoc */
  async findByKey(key: string): Promise<KeyRecord | undefined> {
    const hash = hashGatewayKey(key);
    const reply = (await this.#run(() =>
      this.#scripted.bulwarkKeyFind(this.#names.index, hash, this.#names.recordPrefix),
    )) as string[];
    const fields = fieldsFromList(reply);
    // The index and the record are written together; checking the hash again costs nothing.
    return fields['hash'] === hash ? fromRedisFields(fields) : undefined;
  }

  /** @inheritdoc */
  usage(name: string): Promise<KeyUsage> {
    return this.#budget.usage(name);
  }

  /** @inheritdoc */
  reserve(name: string, maxCostUsd: number, ttlMs: number): Promise<ReserveOutcome> {
    return this.#budget.reserve(name, maxCostUsd, ttlMs);
  }

  /** @inheritdoc */
  settle(reservation: Reservation, actualCostUsd: number): Promise<void> {
    return this.#budget.settle(reservation, actualCostUsd);
  }

  /** @inheritdoc */
  release(reservation: Reservation): Promise<void> {
    return this.#budget.release(reservation);
  }

  /** @inheritdoc */
  async touch(name: string): Promise<void> {
    const now = this.#now();
    if (!this.#throttle.shouldWrite(name, now)) return;
    await this.#run(() => this.#scripted.bulwarkKeyTouch(this.#names.record(name), now));
  }

  /** @inheritdoc */
  async close(): Promise<void> {
    if (!this.#ownsConnection) return;
    try {
      await this.#connection.quit();
    } catch {
      this.#connection.disconnect();
    }
  }

  /** Runs a Redis operation, turning Redis's failures into `key_store_unavailable`. */
  #run<Result>(operation: () => Promise<Result>): Promise<Result> {
    return runRedis(operation);
  }
}
