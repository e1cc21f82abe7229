import { randomUUID } from 'node:crypto';
import type { createRedisConnection } from '@bulwark/core/redis';
import { budgetWindow, spendWindows } from './budget-window.js';
import { generateGatewayKey, hashGatewayKey } from './gateway-key.js';
import { applyKeyLimits } from './key-limits.js';
import { checkKeyName } from './key-name.js';
import type {
  BudgetPeriod,
  CreatedKey,
  KeyLimitsInput,
  KeyRecord,
  KeyStore,
  KeyUsage,
  Reservation,
  ReserveOutcome,
} from './key-store.js';
import { KeyStoreError } from './key-store-error.js';
import { keyUsage } from './key-usage.js';
import { LastUsedThrottle } from './last-used-throttle.js';
import { fromNanoUsd, toNanoUsd } from './nano-usd.js';
import { RedisKeyNames } from './redis-key-names.js';
import { fromRedisFields, numberField, toRedisLimitFields } from './redis-key-record.js';
import {
  CREATE_KEY_SCRIPT,
  RESERVE_SCRIPT,
  REVOKE_KEY_SCRIPT,
  SETTLE_SCRIPT,
  TOUCH_SCRIPT,
  UPDATE_KEY_SCRIPT,
} from './redis-key-scripts.js';
import { checkAmount, checkTtl, unknownKey } from './store-arguments.js';

/** An `ioredis` connection, as `createRedisConnection` (`@bulwark/core/redis`) opens it. */
export type RedisConnection = ReturnType<typeof createRedisConnection>;

type Command = (...args: (string | number)[]) => Promise<unknown>;

// Each script becomes a command of the connection (EVALSHA, falling back to EVAL).
const COMMANDS = {
  bulwarkKeyCreate: [3, CREATE_KEY_SCRIPT],
  bulwarkKeyUpdate: [1, UPDATE_KEY_SCRIPT],
  bulwarkKeyRevoke: [8, REVOKE_KEY_SCRIPT],
  bulwarkKeyReserve: [6, RESERVE_SCRIPT],
  bulwarkKeySettle: [6, SETTLE_SCRIPT],
  bulwarkKeyTouch: [1, TOUCH_SCRIPT],
} as const;

type Scripted = Record<keyof typeof COMMANDS, Command>;

// Spend counters of a day or a month outlive their window by a week, for inspection.
const SPEND_KEPT_MS = 7 * 86_400_000;

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
  readonly #scripted: Scripted;
  readonly #names: RedisKeyNames;
  readonly #now: () => number;
  readonly #ownsConnection: boolean;
  readonly #throttle = new LastUsedThrottle();

  /** @param options - connection, key prefix, clock and ownership. */
  constructor(options: RedisKeyStoreOptions) {
    this.#connection = options.connection;
    for (const [name, [numberOfKeys, lua]] of Object.entries(COMMANDS)) {
      if (!(name in this.#connection)) this.#connection.defineCommand(name, { numberOfKeys, lua });
    }
    this.#scripted = this.#connection as unknown as Scripted;
    this.#names = new RedisKeyNames(options.keyPrefix ?? '');
    this.#now = options.now ?? Date.now;
    this.#ownsConnection = options.ownsConnection ?? false;
  }

  /** @inheritdoc */
  async create(name: string, limits: KeyLimitsInput = {}): Promise<CreatedKey> {
    checkKeyName(name);
    const checked = applyKeyLimits(limits);
    const now = this.#now();
    return this.#run(async () => {
      // A second hash collision among 190-bit keys will not happen; one retry covers the first.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const key = generateGatewayKey();
        const hash = hashGatewayKey(key);
        const reply = await this.#scripted.bulwarkKeyCreate(
          this.#names.record(name), this.#names.index, this.#names.names,
          name, hash,
          'id', randomUUID(), 'name', name, 'hash', hash,
          ...toRedisLimitFields(checked),
          'createdAt', now, 'updatedAt', now, 'lastUsedAt', '',
        ); // prettier-ignore
        if (reply === 'exists') {
          throw new KeyStoreError({ code: 'key_exists', message: `A key named "${name}" exists` });
        }
        if (reply === 'created') {
          return {
            key,
            record: { name, limits: checked, createdAt: now, updatedAt: now, lastUsedAt: null },
          };
        }
      }
      throw new Error('three new keys collided with stored ones');
    });
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
      return { ...current, limits, updatedAt };
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
    return this.#run(async () => {
      const name = await this.#connection.hget(this.#names.index, hash);
      if (name === null) return undefined;
      const fields = await this.#connection.hgetall(this.#names.record(name));
      // The index and the record are written together; checking the hash again costs nothing.
      return fields['hash'] === hash ? fromRedisFields(fields) : undefined;
    });
  }

  /** @inheritdoc */
  async usage(name: string): Promise<KeyUsage> {
    const now = this.#now();
    const reply = await this.#reserveScript(name, now, '', 0, '');
    if (reply.status === 'unknown') throw unknownKey(name);
    return reply.usage;
  }

  /** @inheritdoc */
  async reserve(name: string, maxCostUsd: number, ttlMs: number): Promise<ReserveOutcome> {
    const amount = toNanoUsd(checkAmount('maxCostUsd', maxCostUsd));
    checkTtl(ttlMs);
    const now = this.#now();
    const id = randomUUID();
    const reply = await this.#reserveScript(name, now, String(amount), now + ttlMs, id);
    if (reply.status === 'unknown') throw unknownKey(name);
    if (reply.status === 'refused') {
      return {
        granted: false,
        code: 'budget_exceeded',
        budgetUsd: reply.budgetUsd ?? 0,
        usage: reply.usage,
      };
    }
    const reservation: Reservation = {
      id,
      name,
      keyId: reply.keyId,
      amountUsd: fromNanoUsd(amount),
      expiresAt: now + ttlMs,
      tracked: reply.status === 'granted',
    };
    return { granted: true, reservation };
  }

  /** @inheritdoc */
  async settle(reservation: Reservation, actualCostUsd: number): Promise<void> {
    const amount = toNanoUsd(checkAmount('actualCostUsd', actualCostUsd));
    if (amount === 0) return this.release(reservation);
    await this.#settleScript(reservation, String(amount));
  }

  /** @inheritdoc */
  async release(reservation: Reservation): Promise<void> {
    if (reservation.tracked) await this.#settleScript(reservation, '');
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

  /** The keys every budget script takes: record, spend of day, month and total, reservations. */
  #budgetKeys(name: string, now: number): string[] {
    return [
      this.#names.record(name),
      ...spendWindows(now, 0).map((window) => this.#names.spend(name, window.id)),
      this.#names.reservations(name),
      this.#names.reserved(name),
    ];
  }

  async #reserveScript(name: string, now: number, amount: string, expiresAt: number, id: string) {
    const reply = (await this.#run(() =>
      this.#scripted.bulwarkKeyReserve(...this.#budgetKeys(name, now), now, amount, expiresAt, id),
    )) as (string | null)[];
    const [status, spend, reserved, budget, period, createdAt, keyId] = reply;
    const budgetNano = numberField(budget ?? undefined);
    const window = budgetWindow((period ?? 'total') as BudgetPeriod, now, Number(createdAt));
    return {
      status: status as 'granted' | 'refused' | 'untracked' | 'read' | 'unknown',
      keyId: keyId ?? '',
      budgetUsd: budgetNano === null ? undefined : fromNanoUsd(budgetNano),
      usage: keyUsage(budgetNano, Number(spend ?? 0), Number(reserved ?? 0), window),
    };
  }

  async #settleScript(reservation: Reservation, amount: string): Promise<void> {
    const now = this.#now();
    const [day, month] = spendWindows(now, 0);
    const lifetime = (end: number | null) => Math.max(1, (end ?? now) - now + SPEND_KEPT_MS);
    await this.#run(() =>
      this.#scripted.bulwarkKeySettle(
        ...this.#budgetKeys(reservation.name, now),
        reservation.keyId,
        reservation.tracked ? reservation.id : '',
        amount,
        lifetime(day.end),
        lifetime(month.end),
      ),
    );
  }

  /** Runs a Redis operation, turning Redis's failures into `key_store_unavailable`. */
  async #run<Result>(operation: () => Promise<Result>): Promise<Result> {
    try {
      return await operation();
    } catch (error) {
      if (KeyStoreError.isInstance(error)) throw error;
      throw new KeyStoreError({
        code: 'key_store_unavailable',
        // ioredis's messages name host and port at most, never the URL's password.
        message: `The Redis key store failed (${(error as Error).message ?? String(error)})`,
        cause: error,
      });
    }
  }
}
