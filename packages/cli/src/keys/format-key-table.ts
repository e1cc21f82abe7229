import type { KeyRecord, KeyUsage } from '@bulwark/express-adapter/keys';
import { describeKeyLimits, formatTime, formatUsd } from './describe-key-limits.js';

/** One key with its usage, as `bulwark keys list` shows it. */
export interface ListedKey {
  /** The key's record. */
  record: KeyRecord;
  /** Its spend in the current period. */
  usage: KeyUsage;
}

function spend({ record, usage }: ListedKey): string {
  const { budgetUsd, budgetPeriod } = record.limits;
  const budget = budgetUsd === null ? '' : ` of ${formatUsd(budgetUsd)}`;
  const reserved = usage.reservedUsd > 0 ? `, ${formatUsd(usage.reservedUsd)} reserved` : '';
  return `${formatUsd(usage.spendUsd)}${budget} (${budgetPeriod}${reserved})`;
}

/**
 * The text table of `bulwark keys list`: name, limits, spend this period and
 * last use, one key a line under a header; never a key.
 *
 * @param keys - the keys, in order.
 * @param now - the time, to tell expired keys. @default Date.now()
 */
export function formatKeyTable(keys: readonly ListedKey[], now = Date.now()): string {
  const rows = [
    ['NAME', 'LIMITS', 'SPEND THIS PERIOD', 'LAST USED'],
    ...keys.map((key) => [
      key.record.name,
      describeKeyLimits(key.record.limits, now),
      spend(key),
      key.record.lastUsedAt === null ? 'never' : formatTime(key.record.lastUsedAt),
    ]),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0),
        )
        .join('  '),
    )
    .join('\n')
    .concat('\n');
}
