import type { BudgetWindow } from './budget-window.js';
import type { KeyUsage } from './key-store.js';
import { fromNanoUsd } from './nano-usd.js';

/**
 * A key's usage from its stored amounts, in whole nano-dollars.
 *
 * @param budgetNano - the budget, or `null`.
 * @param spendNano - settled spend in the window.
 * @param reservedNano - open reservations.
 * @param window - the budget's current window.
 */
export function keyUsage(
  budgetNano: number | null,
  spendNano: number,
  reservedNano: number,
  window: BudgetWindow,
): KeyUsage {
  return {
    spendUsd: fromNanoUsd(spendNano),
    reservedUsd: fromNanoUsd(reservedNano),
    remainingUsd:
      budgetNano === null ? null : fromNanoUsd(Math.max(0, budgetNano - spendNano - reservedNano)),
    periodStart: window.start,
    periodEnd: window.end,
  };
}
