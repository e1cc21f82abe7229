import { budgetWindow } from './budget-window.js';
import type { SqliteRunner } from './sqlite-runner.js';

/**
 * Deletes what no read of the SQLite store will need again: expired
 * reservations, and the spend of days more than 62 days and months more
 * than 13 months past (Redis lets those counters expire).
 *
 * @param sql - the store's runner.
 * @param now - the time, in ms since the epoch.
 */
export function pruneSqliteStore(sql: SqliteRunner, now: number): void {
  const day = budgetWindow('day', now - 62 * 86_400_000, now).id;
  const date = new Date(now);
  const month = budgetWindow(
    'month',
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 13, 1),
    now,
  ).id;
  sql.run('write', () => {
    sql.statement('DELETE FROM reservations WHERE expires_at <= ?').run(now);
    // Window ids sort as their dates do: `day:2026-09-29` < `day:2026-11-30`.
    sql.statement("DELETE FROM spend WHERE period LIKE 'day:%' AND period < ?").run(day);
    sql.statement("DELETE FROM spend WHERE period LIKE 'month:%' AND period < ?").run(month);
  });
}
