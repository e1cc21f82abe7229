import { isBulwarkError } from '../errors/bulwark-error.js';

/**
 * Tells whether the retry step may repeat a call that failed with `error`:
 * exactly the Bulwark errors whose `retryable` is `true` (server errors,
 * timeouts, connection errors, upstream rate limits, truncated streams with
 * nothing delivered), unless the upstream said `x-should-retry: false`.
 * Anything else, including errors that are not Bulwark errors (a bug in the
 * caller's code is not transient), is final.
 *
 * @param error - what the attempt threw.
 */
export function isRetryableError(error: unknown): boolean {
  return isBulwarkError(error) && error.retryable;
}
