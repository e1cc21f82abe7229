import { BULWARK_ERROR_BRAND, type BulwarkError } from './bulwark-error.js';

/**
 * Tells whether `value` is an error thrown by `@bulwark/core`, including one
 * thrown by another copy of the package (it checks a registered symbol brand,
 * not `instanceof`).
 *
 * @param value - anything caught.
 * @returns `true` when `value` is a {@link BulwarkError}.
 */
export function isBulwarkError(value: unknown): value is BulwarkError {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[BULWARK_ERROR_BRAND] === true
  );
}
