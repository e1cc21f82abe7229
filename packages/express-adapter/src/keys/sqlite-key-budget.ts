import { randomUUID } from 'node:crypto';
import { spendWindows } from './budget-window.js';
import type { KeyUsage, Reservation, ReserveOutcome } from './key-store.js';
import { keyUsage } from './key-usage.js';
import { LastUsedThrottle } from './last-used-throttle.js';
import { fromNanoUsd, toNanoUsd } from './nano-usd.js';
import { readBudgetAmounts, readBudgetRow } from './sqlite-budget-reads.js';
import type { SqliteRunner } from './sqlite-runner.js';
import { WalFlusher } from './sqlite-wal-flush.js';
import { SqliteWriteBatch } from './sqlite-write-batch.js';
import { checkAmount, checkTtl, unknownKey } from './store-arguments.js';

/** A reservation asked for, applied in the next batch. */
interface ReserveItem {
  name: string;
  amount: number;
  now: number;
  reservation: (keyId: string, tracked: boolean) => Reservation;
}

/** One key's part of a settle batch: its row's id and creation time, and the spend summed so far. */
interface KeySpend {
  id: string;
  createdAt: number;
  amount: number;
}

/** The keys a settle batch charges, by name (`null`: no such key). */
type BatchSpend = Map<string, KeySpend | null>;

/**
 * The spend side of the SQLite key store: `usage`, `reserve`, `settle` and
 * `release`. Every budget change runs in a `BEGIN IMMEDIATE` transaction
 * (the file's write lock taken before reading), so two processes never both
 * grant the last of a budget; the reserves and settles arriving together
 * share one ({@link SqliteWriteBatch}).
 */
export class SqliteKeyBudget {
  readonly #sql: SqliteRunner;
  readonly #now: () => number;
  readonly #wal: WalFlusher;
  readonly #sweeps = new LastUsedThrottle(60_000);
  readonly #writes: SqliteWriteBatch<BatchSpend>;

  /**
   * @param sql - the store's runner.
   * @param now - the clock.
   */
  constructor(sql: SqliteRunner, now: () => number) {
    this.#sql = sql;
    this.#now = now;
    this.#wal = new WalFlusher(sql.db.name);
    this.#writes = new SqliteWriteBatch<BatchSpend>(sql, {
      scratch: () => new Map(),
      finish: (spend) => this.#writeSpend(spend, this.#now()),
      flush: () => this.#wal.flush(),
    });
  }

  /** See `KeyStore.usage`. */
  usage(name: string): KeyUsage {
    return this.#sql.run('read', () => {
      const row = readBudgetRow(this.#sql, name);
      if (row === undefined) throw unknownKey(name);
      const { window, spend, reserved } = readBudgetAmounts(this.#sql, row, this.#now());
      return keyUsage(row.budget_nano, spend, reserved, window);
    });
  }

  /** See `KeyStore.reserve`. */
  reserve(
    name: string,
    maxCostUsd: number,
    ttlMs: number,
  ): ReserveOutcome | Promise<ReserveOutcome> {
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
    // A key without a budget sets nothing aside; the gateway does not even ask (docs/keys.md).
    const item: ReserveItem = { name, amount, now, reservation };
    return this.#writes.add((spend) => this.#reserveOne(item, spend), false);
  }

  #reserveOne({ name, amount, now, reservation }: ReserveItem, batch: BatchSpend): ReserveOutcome {
    const row = readBudgetRow(this.#sql, name);
    if (row === undefined) throw unknownKey(name);
    // Expired reservations no longer count (`readBudgetAmounts`); deleting them is upkeep, done at
    // most once a minute per key rather than on every reserve.
    if (this.#sweeps.shouldWrite(name, now)) {
      this.#sql
        .statement('DELETE FROM reservations WHERE name = ? AND expires_at <= ?')
        .run(name, now);
    }
    if (row.budget_nano === null) return { granted: true, reservation: reservation(row.id, false) };
    const amounts = readBudgetAmounts(this.#sql, row, now);
    const { window, reserved } = amounts;
    // Settles earlier in this batch have deleted their reservations; their spend is written last.
    const settling = batch.get(name);
    const spend = amounts.spend + (settling?.id === row.id ? settling.amount : 0);
    if (spend + reserved + amount > row.budget_nano) {
      const usage = keyUsage(row.budget_nano, spend, reserved, window);
      const budgetUsd = fromNanoUsd(row.budget_nano);
      return { granted: false, code: 'budget_exceeded', budgetUsd, usage };
    }
    const granted = reservation(row.id, true);
    this.#sql
      .statement('INSERT INTO reservations (id, name, amount_nano, expires_at) VALUES (?, ?, ?, ?)')
      .run(granted.id, name, amount, granted.expiresAt);
    return { granted: true, reservation: granted };
  }

  /**
   * See `KeyStore.settle`. Settles arriving together (the calls that ended
   * in one turn of the event loop) commit in one transaction with that
   * turn's reserves, then the journal is flushed to disk off the event loop
   * ({@link WalFlusher}); each resolves once on disk (a reserve, once
   * committed). A flush inside the commit (`synchronous=FULL`)
   * would block the whole process once per settle.
   */
  settle(reservation: Reservation, actualCostUsd: number): Promise<void> {
    const amount = toNanoUsd(checkAmount('actualCostUsd', actualCostUsd));
    if (amount === 0) {
      this.release(reservation);
      return Promise.resolve();
    }
    return this.#writes.add((spend) => this.#settleOne(reservation, amount, spend), true);
  }

  /** Closes the journal's file handle. */
  close(): Promise<void> {
    return this.#wal.close();
  }

  /** Deletes the settle's reservation and adds its amount to its key's part of the batch. */
  #settleOne(reservation: Reservation, amount: number, spend: BatchSpend): void {
    if (reservation.tracked) this.#deleteReservation(reservation.id);
    let key = spend.get(reservation.name);
    if (key === undefined) {
      const row = readBudgetRow(this.#sql, reservation.name);
      key = row === undefined ? null : { id: row.id, createdAt: row.created_at, amount: 0 };
      spend.set(reservation.name, key);
    }
    // Revoked since (or revoked and created anew): nothing left to charge.
    if (key === null || key.id !== reservation.keyId) return;
    key.amount += amount;
  }

  /** Adds each key's spend of the batch to its day, month and total windows: three writes a key. */
  #writeSpend(spend: BatchSpend, now: number): void {
    const add = this.#sql.statement(
      `INSERT INTO spend (name, period, spend_nano) VALUES (?, ?, ?)
       ON CONFLICT (name, period) DO UPDATE SET spend_nano = spend_nano + excluded.spend_nano`,
    );
    for (const [name, key] of spend) {
      if (key === null || key.amount === 0) continue;
      for (const window of spendWindows(now, key.createdAt)) add.run(name, window.id, key.amount);
    }
  }

  /** See `KeyStore.release`. */
  release(reservation: Reservation): void {
    if (!reservation.tracked) return;
    this.#sql.run('write', () => this.#deleteReservation(reservation.id));
  }

  #deleteReservation(id: string): void {
    this.#sql.statement('DELETE FROM reservations WHERE id = ?').run(id);
  }
}
