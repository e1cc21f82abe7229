import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import { budgetWindow, spendWindows } from './budget-window.js';
import { generateGatewayKey, hashGatewayKey } from './gateway-key.js';
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
import { KeyStoreError } from './key-store-error.js';
import { keyUsage } from './key-usage.js';
import { LastUsedThrottle } from './last-used-throttle.js';
import { fromNanoUsd, toNanoUsd } from './nano-usd.js';
import { checkAmount, checkTtl, unknownKey } from './store-arguments.js';
import { LIMIT_COLUMNS, limitParameters, toRecord, type KeyRow } from './sqlite-key-row.js';

/**
 * The SQLite {@link KeyStore} (opened by `openSqliteKeyStore`): one file,
 * WAL mode, so any number of processes on one machine share it. Every
 * budget change runs in a `BEGIN IMMEDIATE` transaction, which takes the
 * file's write lock before reading, so two processes never both grant the
 * last of a budget. Settles and key changes commit with `synchronous=FULL`
 * (on disk before they resolve); reservations and touches with `NORMAL`
 * (safe across a process crash; a reservation lost to a power cut only
 * frees money early, and it would have expired anyway).
 */
export class SqliteKeyStore implements KeyStore {
  readonly #db: Database;
  readonly #now: () => number;
  readonly #throttle = new LastUsedThrottle();
  readonly #statements = new Map<string, Statement>();
  readonly #byName: Statement<[string], KeyRow>;
  readonly #spend: Statement<[string, string], { spend_nano: number }>;
  readonly #reserved: Statement<[string, number], { total: number }>;

  /**
   * @param db - an open, migrated database; the store closes it in `close()`.
   * @param now - the clock. @default Date.now
   */
  constructor(db: Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
    this.#byName = db.prepare('SELECT * FROM keys WHERE name = ?');
    this.#spend = db.prepare('SELECT spend_nano FROM spend WHERE name = ? AND period = ?');
    this.#reserved = db.prepare(
      'SELECT COALESCE(SUM(amount_nano), 0) AS total FROM reservations WHERE name = ? AND expires_at > ?',
    );
  }

  /** @inheritdoc */
  async create(name: string, limits: KeyLimitsInput = {}): Promise<CreatedKey> {
    checkKeyName(name);
    const checked = applyKeyLimits(limits);
    const key = generateGatewayKey();
    const now = this.#now();
    return this.#run('durable', () => {
      if (this.#byName.get(name) !== undefined) {
        throw new KeyStoreError({ code: 'key_exists', message: `A key named "${name}" exists` });
      }
      this.#statement(
        `INSERT INTO keys (name, id, key_hash, rpm, tpm, budget_nano, budget_period, models, expires_at, created_at, updated_at)
         VALUES (@name, @id, @key_hash, @rpm, @tpm, @budget_nano, @budget_period, @models, @expires_at, @now, @now)`,
      ).run({
        name,
        id: randomUUID(),
        key_hash: hashGatewayKey(key),
        now,
        ...limitParameters(checked),
      });
      return { key, record: toRecord(this.#byName.get(name) as KeyRow) };
    });
  }

  /** @inheritdoc */
  async list(): Promise<KeyRecord[]> {
    return this.#run('read', () =>
      (this.#statement('SELECT * FROM keys ORDER BY name').all() as KeyRow[]).map(toRecord),
    );
  }

  /** @inheritdoc */
  async get(name: string): Promise<KeyRecord | undefined> {
    return this.#run('read', () => {
      const row = this.#byName.get(name);
      return row === undefined ? undefined : toRecord(row);
    });
  }

  /** @inheritdoc */
  async update(name: string, changes: KeyLimitsInput): Promise<KeyRecord> {
    checkKeyName(name);
    return this.#run('durable', () => {
      const row = this.#byName.get(name);
      if (row === undefined) throw unknownKey(name);
      const limits = applyKeyLimits(changes, toRecord(row).limits);
      this.#statement(`UPDATE keys SET ${LIMIT_COLUMNS}, updated_at = @now WHERE name = @name`).run(
        { name, now: this.#now(), ...limitParameters(limits) },
      );
      return toRecord(this.#byName.get(name) as KeyRow);
    });
  }

  /** @inheritdoc */
  async revoke(name: string): Promise<void> {
    checkKeyName(name);
    this.#run('durable', () => {
      if (this.#statement('DELETE FROM keys WHERE name = ?').run(name).changes === 0) {
        throw unknownKey(name);
      }
      this.#statement('DELETE FROM spend WHERE name = ?').run(name);
      this.#statement('DELETE FROM reservations WHERE name = ?').run(name);
    });
    this.#throttle.forget(name);
  }

  /** @inheritdoc */
  async findByKey(key: string): Promise<KeyRecord | undefined> {
    return this.#run('read', () => {
      const row = this.#statement('SELECT * FROM keys WHERE key_hash = ?').get(
        hashGatewayKey(key),
      ) as KeyRow | undefined;
      return row === undefined ? undefined : toRecord(row);
    });
  }

  /** @inheritdoc */
  async usage(name: string): Promise<KeyUsage> {
    return this.#run('read', () => {
      const row = this.#byName.get(name);
      if (row === undefined) throw unknownKey(name);
      const { window, spend, reserved } = this.#amounts(row, this.#now());
      return keyUsage(row.budget_nano, spend, reserved, window);
    });
  }

  /** @inheritdoc */
  async reserve(name: string, maxCostUsd: number, ttlMs: number): Promise<ReserveOutcome> {
    const amount = toNanoUsd(checkAmount('maxCostUsd', maxCostUsd));
    checkTtl(ttlMs);
    const now = this.#now();
    const reservation = (keyId: string, tracked: boolean): Reservation => ({
      id: randomUUID(),
      name,
      keyId,
      amountUsd: fromNanoUsd(amount),
      expiresAt: now + ttlMs,
      tracked,
    });
    // A key without a budget sets nothing aside: one read, no write lock.
    const unbudgeted = this.#run('read', () => this.#byName.get(name));
    if (unbudgeted === undefined) throw unknownKey(name);
    if (unbudgeted.budget_nano === null) {
      return { granted: true, reservation: reservation(unbudgeted.id, false) };
    }
    return this.#run('write', (): ReserveOutcome => {
      const row = this.#byName.get(name);
      if (row === undefined) throw unknownKey(name);
      this.#statement('DELETE FROM reservations WHERE name = ? AND expires_at <= ?').run(name, now);
      if (row.budget_nano === null)
        return { granted: true, reservation: reservation(row.id, false) };
      const { window, spend, reserved } = this.#amounts(row, now);
      if (spend + reserved + amount > row.budget_nano) {
        const usage = keyUsage(row.budget_nano, spend, reserved, window);
        return {
          granted: false,
          code: 'budget_exceeded',
          budgetUsd: fromNanoUsd(row.budget_nano),
          usage,
        };
      }
      const granted = reservation(row.id, true);
      this.#statement(
        'INSERT INTO reservations (id, name, amount_nano, expires_at) VALUES (?, ?, ?, ?)',
      ).run(granted.id, name, amount, granted.expiresAt);
      return { granted: true, reservation: granted };
    });
  }

  /** @inheritdoc */
  async settle(reservation: Reservation, actualCostUsd: number): Promise<void> {
    const amount = toNanoUsd(checkAmount('actualCostUsd', actualCostUsd));
    if (amount === 0) return this.release(reservation);
    const now = this.#now();
    this.#run('durable', () => {
      if (reservation.tracked)
        this.#statement('DELETE FROM reservations WHERE id = ?').run(reservation.id);
      const row = this.#byName.get(reservation.name);
      // Revoked since (or revoked and created anew): nothing left to charge.
      if (row === undefined || row.id !== reservation.keyId) return;
      const add = this.#statement(
        `INSERT INTO spend (name, period, spend_nano) VALUES (?, ?, ?)
         ON CONFLICT (name, period) DO UPDATE SET spend_nano = spend_nano + excluded.spend_nano`,
      );
      for (const window of spendWindows(now, row.created_at)) add.run(row.name, window.id, amount);
    });
  }

  /** @inheritdoc */
  async release(reservation: Reservation): Promise<void> {
    if (!reservation.tracked) return;
    this.#run('write', () => {
      this.#statement('DELETE FROM reservations WHERE id = ?').run(reservation.id);
    });
  }

  /** @inheritdoc */
  async touch(name: string): Promise<void> {
    const now = this.#now();
    if (!this.#throttle.shouldWrite(name, now)) return;
    this.#run('write', () => {
      this.#statement('UPDATE keys SET last_used_at = ? WHERE name = ?').run(now, name);
    });
  }

  /**
   * Deletes what no read will need again: expired reservations, and the
   * spend of days more than 62 days and months more than 13 months past
   * (Redis lets those counters expire). `openSqliteKeyStore` runs it once.
   */
  prune(): void {
    const now = this.#now();
    const day = budgetWindow('day', now - 62 * 86_400_000, now).id;
    const date = new Date(now);
    const month = budgetWindow(
      'month',
      Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 13, 1),
      now,
    ).id;
    this.#run('write', () => {
      this.#statement('DELETE FROM reservations WHERE expires_at <= ?').run(now);
      // Window ids sort as their dates do: `day:2026-09-29` < `day:2026-11-30`.
      this.#statement("DELETE FROM spend WHERE period LIKE 'day:%' AND period < ?").run(day);
      this.#statement("DELETE FROM spend WHERE period LIKE 'month:%' AND period < ?").run(month);
    });
  }

  /** @inheritdoc */
  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  /** The key's budget window at `now`, its settled spend there and its open reservations, in nano-dollars. */
  #amounts(row: KeyRow, now: number) {
    const window = budgetWindow(row.budget_period, now, row.created_at);
    const spend = this.#spend.get(row.name, window.id)?.spend_nano ?? 0;
    const reserved = this.#reserved.get(row.name, now)?.total ?? 0;
    return { window, spend, reserved };
  }

  /** The prepared statement of `source`, prepared once. */
  #statement(source: string): Statement {
    let statement = this.#statements.get(source);
    if (statement === undefined) {
      statement = this.#db.prepare(source);
      this.#statements.set(source, statement);
    }
    return statement;
  }

  /**
   * Runs `body` as a read (one snapshot, no lock), or in one
   * `BEGIN IMMEDIATE` transaction, committed with `synchronous=FULL` when
   * `durable`; turns SQLite's failures into `key_store_unavailable`.
   */
  #run<Result>(mode: 'read' | 'write' | 'durable', body: () => Result): Result {
    try {
      if (mode === 'read') return this.#db.transaction(body).deferred();
      if (mode === 'write') return this.#db.transaction(body).immediate();
      this.#db.pragma('synchronous = FULL');
      try {
        return this.#db.transaction(body).immediate();
      } finally {
        this.#db.pragma('synchronous = NORMAL');
      }
    } catch (error) {
      if (KeyStoreError.isInstance(error)) throw error;
      const { code, message } = error as { code?: string; message?: string };
      throw new KeyStoreError({
        code: 'key_store_unavailable',
        message: `The key store failed (${code ?? 'error'}: ${message ?? String(error)})`,
        cause: error,
      });
    }
  }
}
