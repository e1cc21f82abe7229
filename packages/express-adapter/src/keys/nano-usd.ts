/**
 * Amounts are stored as whole nano-dollars (10⁻⁹ USD): sums of integers are
 * exact, in SQLite, in Redis's `INCRBY` and in Lua's doubles alike (up to
 * 2⁵³ nano-dollars, about 9 million dollars), where sums of floating-point
 * dollars drift and could refuse the last call a budget covers exactly.
 */
export const NANO_PER_USD = 1e9;

/** US dollars to whole nano-dollars, rounded to the nearest. */
export function toNanoUsd(usd: number): number {
  return Math.round(usd * NANO_PER_USD);
}

/** Whole nano-dollars to US dollars. */
export function fromNanoUsd(nano: number): number {
  return nano / NANO_PER_USD;
}
