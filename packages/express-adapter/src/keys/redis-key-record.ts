import type { BudgetPeriod, KeyLimits, KeyRecord } from './key-store.js';
import { fromNanoUsd, toNanoUsd } from './nano-usd.js';

/*
 * A key's record in Redis is a hash: id, name, hash (the key's SHA-256),
 * rpm, tpm, budgetNano, budgetPeriod, models (JSON), expiresAt, createdAt,
 * updatedAt, lastUsedAt; `''` stands for `null`.
 */

const text = (value: number | null): string => (value === null ? '' : String(value));
/** A number field of a record: `''` (or missing) is `null`. */
export const numberField = (value: string | undefined): number | null =>
  value === undefined || value === '' ? null : Number(value);

/** A key's limits as field/value pairs of its record hash: `''` for `null`. */
export function toRedisLimitFields(limits: KeyLimits): string[] {
  return [
    'rpm', text(limits.rpm),
    'tpm', text(limits.tpm),
    'budgetNano', text(limits.budgetUsd === null ? null : toNanoUsd(limits.budgetUsd)),
    'budgetPeriod', limits.budgetPeriod,
    'models', limits.models === null ? '' : JSON.stringify(limits.models),
    'expiresAt', text(limits.expiresAt),
  ]; // prettier-ignore
}

/** A key's record from its hash (`HGETALL`), or `undefined` when there is none. */
export function fromRedisFields(fields: Record<string, string>): KeyRecord | undefined {
  if (fields['id'] === undefined || fields['name'] === undefined) return undefined;
  const budgetNano = numberField(fields['budgetNano']);
  return {
    id: fields['id'],
    name: fields['name'],
    limits: {
      rpm: numberField(fields['rpm']),
      tpm: numberField(fields['tpm']),
      budgetUsd: budgetNano === null ? null : fromNanoUsd(budgetNano),
      budgetPeriod: fields['budgetPeriod'] as BudgetPeriod,
      models: fields['models'] ? (JSON.parse(fields['models']) as string[]) : null,
      expiresAt: numberField(fields['expiresAt']),
    },
    createdAt: Number(fields['createdAt']),
    updatedAt: Number(fields['updatedAt']),
    lastUsedAt: numberField(fields['lastUsedAt']),
  };
}

/** The field/value list of `HGETALL` in a script's reply, as a record of fields. */
export function fieldsFromList(reply: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (let index = 0; index + 1 < reply.length; index += 2) {
    fields[reply[index] as string] = reply[index + 1] as string;
  }
  return fields;
}
