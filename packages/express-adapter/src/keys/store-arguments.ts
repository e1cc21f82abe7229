import { KeyStoreError } from './key-store-error.js';

/**
 * A money amount given to `reserve` or `settle`: a finite number ≥ 0.
 *
 * @throws RangeError otherwise (a programming error, not a store failure).
 */
export function checkAmount(name: string, usd: number): number {
  if (!Number.isFinite(usd) || usd < 0) throw new RangeError(`${name} must be a number ≥ 0`);
  return usd;
}

/**
 * A reservation's lifetime: a whole number of milliseconds ≥ 1.
 *
 * @throws RangeError otherwise.
 */
export function checkTtl(ttlMs: number): number {
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1)
    throw new RangeError('ttlMs must be a whole number ≥ 1');
  return ttlMs;
}

/** The error of an operation on a key that does not exist. */
export function unknownKey(name: string): KeyStoreError {
  return new KeyStoreError({ code: 'unknown_key', message: `No key named "${name}"` });
}
