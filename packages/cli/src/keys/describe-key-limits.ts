import type { KeyLimits } from '@bulwark/express-adapter/keys';

/**
 * Dollars as the CLI shows them: cents at least, and up to six decimals for
 * the small amounts one call costs (`$5.00`, `$1.2345`, `$0.000123`).
 *
 * @param usd - the amount.
 */
export function formatUsd(usd: number): string {
  const fixed = usd.toFixed(6).replace(/0+$/, '');
  const [whole, decimals = ''] = fixed.split('.');
  return `$${whole}.${decimals.padEnd(2, '0')}`;
}

/** A time as `2026-11-30T23:30:00Z` (no milliseconds). */
export function formatTime(time: number): string {
  return new Date(time).toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * A key's limits on one line, e.g. `rpm 60, tpm 10000, $5.00/month, models
 * gpt-4o, expires 2027-01-01T00:00:00Z`, or `none`.
 *
 * @param limits - the key's limits.
 * @param now - the time, to tell an expired key. @default Date.now()
 */
export function describeKeyLimits(limits: KeyLimits, now = Date.now()): string {
  const parts: string[] = [];
  if (limits.rpm !== null) parts.push(`rpm ${limits.rpm}`);
  if (limits.tpm !== null) parts.push(`tpm ${limits.tpm}`);
  if (limits.budgetUsd !== null)
    parts.push(`${formatUsd(limits.budgetUsd)}/${limits.budgetPeriod}`);
  if (limits.models !== null) parts.push(`models ${limits.models.join(',')}`);
  if (limits.expiresAt !== null) {
    parts.push(
      `${limits.expiresAt <= now ? 'expired' : 'expires'} ${formatTime(limits.expiresAt)}`,
    );
  }
  return parts.length === 0 ? 'none' : parts.join(', ');
}
