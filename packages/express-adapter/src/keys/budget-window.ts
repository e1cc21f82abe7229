import type { BudgetPeriod } from './key-store.js';

/** One window spend is counted in. */
export interface BudgetWindow {
  /** Its id, part of storage keys: `day:2026-11-30`, `month:2026-11` or `total`. */
  readonly id: string;
  /** Its start, in ms since the epoch. */
  readonly start: number;
  /** Its end (exclusive), or `null` for `total`. */
  readonly end: number | null;
}

const DAY_MS = 86_400_000;

/**
 * The window of `period` that holds `now`: the UTC day (from midnight), the
 * UTC month (from the first, midnight), or the key's whole life (from
 * `createdAt`).
 *
 * @param period - the budget period.
 * @param now - the time, in ms since the epoch.
 * @param createdAt - the key's creation, the start of `total`.
 */
export function budgetWindow(period: BudgetPeriod, now: number, createdAt: number): BudgetWindow {
  const date = new Date(now);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  if (period === 'day') {
    const start = Date.UTC(year, month, date.getUTCDate());
    return { id: `day:${new Date(start).toISOString().slice(0, 10)}`, start, end: start + DAY_MS };
  }
  if (period === 'month') {
    const start = Date.UTC(year, month, 1);
    const id = `month:${new Date(start).toISOString().slice(0, 7)}`;
    return { id, start, end: Date.UTC(year, month + 1, 1) };
  }
  return { id: 'total', start: createdAt, end: null };
}

/** The three windows spend at `now` is added to, in the order day, month, total. */
export function spendWindows(
  now: number,
  createdAt: number,
): readonly [BudgetWindow, BudgetWindow, BudgetWindow] {
  return [
    budgetWindow('day', now, createdAt),
    budgetWindow('month', now, createdAt),
    budgetWindow('total', now, createdAt),
  ];
}
