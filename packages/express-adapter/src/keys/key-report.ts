import type { BudgetPeriod, KeyRecord, KeyUsage } from './key-store.js';

/**
 * A key's limits and spend as JSON shows them (`GET /v1/bulwark/key`,
 * `bulwark keys list --json`): times as ISO 8601 strings, `null` for what is
 * not set.
 */
export interface KeyReport {
  /** The key's name. */
  name: string;
  /** Its limits. */
  limits: {
    rpm: number | null;
    tpm: number | null;
    budgetUsd: number | null;
    budgetPeriod: BudgetPeriod;
    models: string[] | null;
    /** ISO 8601, or `null` for a key that never expires. */
    expiresAt: string | null;
  };
  /** Settled spend in the current period, in US dollars. */
  spendUsd: number;
  /** Open reservations, in US dollars. */
  reservedUsd: number;
  /** What the budget has left, or `null` without a budget. */
  remainingUsd: number | null;
  /** Start of the current period, ISO 8601. */
  periodStart: string;
}

const iso = (time: number | null): string | null =>
  time === null ? null : new Date(time).toISOString();

/**
 * The JSON view of a key and its usage, never the key itself.
 *
 * @param record - the key's record.
 * @param usage - its usage, from `store.usage(name)`.
 */
export function toKeyReport(record: KeyRecord, usage: KeyUsage): KeyReport {
  const { limits } = record;
  return {
    name: record.name,
    limits: {
      rpm: limits.rpm,
      tpm: limits.tpm,
      budgetUsd: limits.budgetUsd,
      budgetPeriod: limits.budgetPeriod,
      models: limits.models === null ? null : [...limits.models],
      expiresAt: iso(limits.expiresAt),
    },
    spendUsd: usage.spendUsd,
    reservedUsd: usage.reservedUsd,
    remainingUsd: usage.remainingUsd,
    periodStart: new Date(usage.periodStart).toISOString(),
  };
}
