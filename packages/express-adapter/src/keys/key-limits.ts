import type { BudgetPeriod, KeyLimits, KeyLimitsInput } from './key-store.js';
import { KeyStoreError } from './key-store-error.js';

/** The budget periods, in the order of docs/keys.md. */
export const BUDGET_PERIODS: readonly BudgetPeriod[] = ['day', 'month', 'total'];

/** The limits of a key created without any: none, and a monthly period should a budget be set. */
export const DEFAULT_KEY_LIMITS: KeyLimits = {
  rpm: null,
  tpm: null,
  budgetUsd: null,
  budgetPeriod: 'month',
  models: null,
  expiresAt: null,
};

// 2^53 nano-dollars: the largest amount stored exactly (see nano-usd.ts).
const MAX_BUDGET_USD = 9_000_000;

function invalid(field: string, expected: string): never {
  throw new KeyStoreError({
    code: 'invalid_key_limits',
    message: `Invalid key limit ${field}: expected ${expected}`,
  });
}

function perMinute(field: string, value: number | null): number | null {
  if (value === null) return null;
  if (!Number.isSafeInteger(value) || value < 1) invalid(field, 'a whole number ≥ 1, or null');
  return value;
}

function models(value: readonly string[] | null): readonly string[] | null {
  if (value === null) return null;
  if (!Array.isArray(value)) invalid('models', 'a list of model names, or null');
  const names = [...new Set(value.map((model) => (typeof model === 'string' ? model.trim() : '')))];
  if (names.length === 0 || names.includes('')) {
    invalid('models', 'at least one model name, none empty (null allows every model)');
  }
  return names;
}

/**
 * `base` with `changes` applied and checked: `undefined` keeps a field,
 * `null` removes its limit.
 *
 * @param changes - the fields to set.
 * @param base - the current limits. @default DEFAULT_KEY_LIMITS
 * @throws {@link KeyStoreError} `invalid_key_limits`, naming the field.
 */
export function applyKeyLimits(
  changes: KeyLimitsInput,
  base: KeyLimits = DEFAULT_KEY_LIMITS,
): KeyLimits {
  const pick = <Field extends keyof KeyLimits>(field: Field): KeyLimits[Field] =>
    changes[field] === undefined ? base[field] : (changes[field] as KeyLimits[Field]);
  const budgetUsd = pick('budgetUsd');
  if (
    budgetUsd !== null &&
    !(Number.isFinite(budgetUsd) && budgetUsd >= 0 && budgetUsd <= MAX_BUDGET_USD)
  ) {
    invalid('budgetUsd', `a number of dollars from 0 to ${MAX_BUDGET_USD}, or null`);
  }
  const budgetPeriod = pick('budgetPeriod');
  if (!BUDGET_PERIODS.includes(budgetPeriod)) invalid('budgetPeriod', 'day, month or total');
  const expiresAt = pick('expiresAt');
  if (expiresAt !== null && !Number.isSafeInteger(expiresAt)) {
    invalid('expiresAt', 'a time in whole ms since the epoch, or null');
  }
  return {
    rpm: perMinute('rpm', pick('rpm')),
    tpm: perMinute('tpm', pick('tpm')),
    budgetUsd,
    budgetPeriod,
    models: models(pick('models')),
    expiresAt,
  };
}
