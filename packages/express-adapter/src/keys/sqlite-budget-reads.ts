import { budgetWindow } from './budget-window.js';
import type { KeyRow } from './sqlite-key-row.js';
import type { SqliteRunner } from './sqlite-runner.js';

/** What the budget reads of a key: a reserve's every statement costs, so only these columns. */
export type BudgetRow = Pick<
  KeyRow,
  'name' | 'id' | 'budget_nano' | 'budget_period' | 'created_at'
>;

/**
 * The budget columns of the key named `name`.
 *
 * @param sql - the store's runner.
 * @param name - the key's name.
 * @returns its row, or `undefined` when there is no such key.
 */
export function readBudgetRow(sql: SqliteRunner, name: string): BudgetRow | undefined {
  return sql
    .statement<[string], BudgetRow>(
      'SELECT name, id, budget_nano, budget_period, created_at FROM keys WHERE name = ?',
    )
    .get(name);
}

/**
 * A key's budget window at `now`, its settled spend there and its open
 * (unexpired) reservations, in nano-dollars, read in one statement: each
 * statement costs a read of SQLite's shared state.
 *
 * @param sql - the store's runner.
 * @param row - the key's budget columns.
 * @param now - the time, in ms since the epoch.
 */
export function readBudgetAmounts(sql: SqliteRunner, row: BudgetRow, now: number) {
  const window = budgetWindow(row.budget_period, now, row.created_at);
  const amounts = sql
    .statement<[string, string, string, number], { spend: number | null; reserved: number }>(
      `SELECT (SELECT spend_nano FROM spend WHERE name = ? AND period = ?) AS spend,
              (SELECT COALESCE(SUM(amount_nano), 0) FROM reservations
                WHERE name = ? AND expires_at > ?) AS reserved`,
    )
    .get(row.name, window.id, row.name, now);
  return { window, spend: amounts?.spend ?? 0, reserved: amounts?.reserved ?? 0 };
}
