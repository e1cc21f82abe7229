import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { generateGatewayKey, hashGatewayKey } from './gateway-key.js';
import { applyKeyLimits } from './key-limits.js';
import { checkKeyName } from './key-name.js';
import type { KeyRateLimiter } from './key-rate-limiter.js';
import type {
  CreatedKey,
  KeyLimitsInput,
  KeyRecord,
  KeyStore,
  KeyUsage,
  Reservation,
  ReserveOutcome,
} from './key-store.js';
import { KeyStoreError } from './key-store-error.js';
import { LastUsedThrottle } from './last-used-throttle.js';
import { MemoryKeyRateLimiter } from './memory-key-rate-limiter.js';
import { pruneSqliteStore } from './prune-sqlite-store.js';
import { SqliteKeyBudget } from './sqlite-key-budget.js';
import { SqliteRecordCache } from './sqlite-record-cache.js';
import { LIMIT_COLUMNS, limitParameters, toRecord, type KeyRow } from './sqlite-key-row.js';
import { SqliteRunner } from './sqlite-runner.js';
import { unknownKey } from './store-arguments.js';

/**
 * The SQLite {@link KeyStore} (opened by `openSqliteKeyStore`): one file,
 * WAL mode, so any number of processes on one machine share it. Every
 * budget change runs in a `BEGIN IMMEDIATE` transaction, which takes the
 * file's write lock before reading, so two processes never both grant the
 * last of a budget. Key changes commit with `synchronous=FULL`, settles
 * with a flush of the journal off the event loop (both on disk before they
 * resolve); reservations and touches with `NORMAL`
 * (safe across a process crash; a reservation lost to a power cut only
 * frees money early, and it would have expired anyway). The per-key
 * requests and tokens per minute are counted in this process's memory.
 */
export class SqliteKeyStore implements KeyStore {
  readonly #sql: SqliteRunner;
  readonly #now: () => number;
  readonly #throttle = new LastUsedThrottle();
  readonly #budget: SqliteKeyBudget;
  readonly #records: SqliteRecordCache;
  /** @inheritdoc */
  readonly rateLimiter: KeyRateLimiter;

  /**
   * @param db - an open, migrated database; the store closes it in `close()`.
   * @param now - the clock. @default Date.now
   */
  constructor(db: Database, now: () => number = Date.now) {
    this.#sql = new SqliteRunner(db);
    this.#now = now;
    this.#budget = new SqliteKeyBudget(this.#sql, now);
    this.#records = new SqliteRecordCache(this.#sql);
    this.rateLimiter = new MemoryKeyRateLimiter(now);
  }

  /** @inheritdoc */
  async create(name: string, limits: KeyLimitsInput = {}): Promise<CreatedKey> {
    checkKeyName(name);
    const checked = applyKeyLimits(limits);
    const key = generateGatewayKey();
    const now = this.#now();
    this.#records.clear();
    return this.#sql.run('durable', () => {
      if (this.#row(name) !== undefined) {
        throw new KeyStoreError({ code: 'key_exists', message: `A key named "${name}" exists` });
      }
      this.#sql
        .statement(
          `INSERT INTO keys (name, id, key_hash, rpm, tpm, budget_nano, budget_period, models, expires_at, created_at, updated_at)
         VALUES (@name, @id, @key_hash, @rpm, @tpm, @budget_nano, @budget_period, @models, @expires_at, @now, @now)`,
        )
        .run({
          name,
          id: randomUUID(),
          key_hash: hashGatewayKey(key),
          now,
          ...limitParameters(checked),
        });
      return { key, record: toRecord(this.#row(name) as KeyRow) };
    });
  }

  /** @inheritdoc */
  async list(): Promise<KeyRecord[]> {
    return this.#sql.run('read', () =>
      this.#sql.statement<[], KeyRow>('SELECT * FROM keys ORDER BY name').all().map(toRecord),
    );
  }

  /** @inheritdoc */
  async get(name: string): Promise<KeyRecord | undefined> {
    return this.#sql.run('read', () => {
      const row = this.#row(name);
      return row === undefined ? undefined : toRecord(row);
    });
  }

  /** @inheritdoc */
  async update(name: string, changes: KeyLimitsInput): Promise<KeyRecord> {
    checkKeyName(name);
    this.#records.clear();
    return this.#sql.run('durable', () => {
      const row = this.#row(name);
      if (row === undefined) throw unknownKey(name);
      const limits = applyKeyLimits(changes, toRecord(row).limits);
      this.#sql
        .statement(`UPDATE keys SET ${LIMIT_COLUMNS}, updated_at = @now WHERE name = @name`)
        .run({ name, now: this.#now(), ...limitParameters(limits) });
      return toRecord(this.#row(name) as KeyRow);
    });
  }

  /** @inheritdoc */
  async revoke(name: string): Promise<void> {
    checkKeyName(name);
    this.#records.clear();
    this.#sql.run('durable', () => {
      if (this.#sql.statement('DELETE FROM keys WHERE name = ?').run(name).changes === 0) {
        throw unknownKey(name);
      }
      this.#sql.statement('DELETE FROM spend WHERE name = ?').run(name);
      this.#sql.statement('DELETE FROM reservations WHERE name = ?').run(name);
    });
    this.#throttle.forget(name);
  }

  /** @inheritdoc */
  async findByKey(key: string): Promise<KeyRecord | undefined> {
    const hash = hashGatewayKey(key);
    // On every request: the kept record while nothing changed, else one indexed read; no transaction.
    return this.#sql.run('statement', () => {
      const kept = this.#records.get(hash);
      if (kept !== undefined) return kept;
      const row = this.#sql
        .statement<[string], KeyRow>('SELECT * FROM keys WHERE key_hash = ?')
        .get(hash);
      if (row === undefined) return undefined;
      const record = toRecord(row);
      this.#records.set(hash, record);
      return record;
    });
  }

  /** @inheritdoc */
  async usage(name: string): Promise<KeyUsage> {
    return this.#budget.usage(name);
  }

  /** @inheritdoc */
  async reserve(name: string, maxCostUsd: number, ttlMs: number): Promise<ReserveOutcome> {
    return this.#budget.reserve(name, maxCostUsd, ttlMs);
  }

  /** @inheritdoc */
  async settle(reservation: Reservation, actualCostUsd: number): Promise<void> {
    return this.#budget.settle(reservation, actualCostUsd);
  }

  /** @inheritdoc */
  async release(reservation: Reservation): Promise<void> {
    this.#budget.release(reservation);
  }

  /** @inheritdoc */
  async touch(name: string): Promise<void> {
    const now = this.#now();
    if (!this.#throttle.shouldWrite(name, now)) return;
    this.#records.clear();
    this.#sql.run('write', () => {
      this.#sql.statement('UPDATE keys SET last_used_at = ? WHERE name = ?').run(now, name);
    });
  }

  /**
   * Deletes expired reservations and the spend of days more than 62 days
   * and months more than 13 months past. `openSqliteKeyStore` runs it once.
   */
  prune(): void {
    pruneSqliteStore(this.#sql, this.#now());
  }

  /** @inheritdoc */
  async close(): Promise<void> {
    await this.#budget.close();
    if (this.#sql.db.open) this.#sql.db.close();
  }

  #row(name: string): KeyRow | undefined {
    return this.#sql.statement<[string], KeyRow>('SELECT * FROM keys WHERE name = ?').get(name);
  }
}
