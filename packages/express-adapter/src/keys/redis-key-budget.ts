import { randomUUID } from 'node:crypto';
import { budgetWindow, spendWindows } from './budget-window.js';
import type { BudgetPeriod, KeyUsage, Reservation, ReserveOutcome } from './key-store.js';
import { keyUsage } from './key-usage.js';
import { fromNanoUsd, toNanoUsd } from './nano-usd.js';
import type { ScriptCommand } from './redis-connection.js';
import type { RedisKeyNames } from './redis-key-names.js';
import { numberField } from './redis-key-record.js';
import { runRedis } from './run-redis.js';
import { checkAmount, checkTtl, unknownKey } from './store-arguments.js';

// Spend counters of a day or a month outlive their window by a week, for inspection.
const SPEND_KEPT_MS = 7 * 86_400_000;

/** The scripts the budget runs (defined by the store on its connection). */
export type BudgetScripts = Record<'bulwarkKeyReserve' | 'bulwarkKeySettle', ScriptCommand>;

/**
 * The spend side of the Redis key store: `usage`, `reserve`, `settle` and
 * `release`, each one Lua script (see redis-key-scripts.ts).
 */
export class RedisKeyBudget {
  readonly #scripted: BudgetScripts;
  readonly #names: RedisKeyNames;
  readonly #now: () => number;

  /**
   * @param scripted - the connection with the budget scripts defined.
   * @param names - the store's key names.
   * @param now - the clock.
   */
  constructor(scripted: BudgetScripts, names: RedisKeyNames, now: () => number) {
    this.#scripted = scripted;
    this.#names = names;
    this.#now = now;
  }

  /** See `KeyStore.usage`. */
  async usage(name: string): Promise<KeyUsage> {
    const reply = await this.#reserveScript(name, this.#now(), '', 0, '');
    if (reply.status === 'unknown') throw unknownKey(name);
    return reply.usage;
  }

  /** See `KeyStore.reserve`. */
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

  /** See `KeyStore.settle`. */
  async settle(reservation: Reservation, actualCostUsd: number): Promise<void> {
    const amount = toNanoUsd(checkAmount('actualCostUsd', actualCostUsd));
    if (amount === 0) return this.release(reservation);
    await this.#settleScript(reservation, String(amount));
  }

  /** See `KeyStore.release`. */
  async release(reservation: Reservation): Promise<void> {
    if (reservation.tracked) await this.#settleScript(reservation, '');
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
    const reply = (await runRedis(() =>
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
    await runRedis(() =>
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
}
