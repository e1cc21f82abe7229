import type { BudgetPeriod, KeyRecord } from './key-store.js';
import { fromNanoUsd, toNanoUsd } from './nano-usd.js';

/** One row of `keys`. */
export interface KeyRow {
  name: string;
  id: string;
  key_hash: string;
  rpm: number | null;
  tpm: number | null;
  budget_nano: number | null;
  budget_period: BudgetPeriod;
  models: string | null;
  expires_at: number | null;
  created_at: number;
  updated_at: number;
  last_used_at: number | null;
}

/** The record of a row. */
export const toRecord = (row: KeyRow): KeyRecord => ({
  id: row.id,
  name: row.name,
  limits: {
    rpm: row.rpm,
    tpm: row.tpm,
    budgetUsd: row.budget_nano === null ? null : fromNanoUsd(row.budget_nano),
    budgetPeriod: row.budget_period,
    models: row.models === null ? null : (JSON.parse(row.models) as string[]),
    expiresAt: row.expires_at,
  },
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  lastUsedAt: row.last_used_at,
});

/** The `SET` list of an update of every limit, with named parameters. */
export const LIMIT_COLUMNS =
  'rpm = @rpm, tpm = @tpm, budget_nano = @budget_nano, budget_period = @budget_period, models = @models, expires_at = @expires_at';

/** A key's limits as the named parameters of its row. */
export function limitParameters(limits: KeyRecord['limits']) {
  return {
    rpm: limits.rpm,
    tpm: limits.tpm,
    budget_nano: limits.budgetUsd === null ? null : toNanoUsd(limits.budgetUsd),
    budget_period: limits.budgetPeriod,
    models: limits.models === null ? null : JSON.stringify(limits.models),
    expires_at: limits.expiresAt,
  };
}
