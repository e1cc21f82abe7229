import { isBulwarkError } from '../errors/bulwark-error.js';
import type { RateLimitError } from '../errors/errors.js';

/** Codes of the failures that say the upstream itself is in trouble. */
const UNHEALTHY_CODES: ReadonlySet<string> = new Set([
  'server_error',
  'timeout',
  'connection_error',
  'stream_truncated',
]);

/**
 * 429 codes with which a Bulwark gateway refuses one caller, not its upstream: they
 * say nothing of the upstream's health.
 */
const CALLER_REFUSAL_CODES: ReadonlySet<string> = new Set(['budget_exceeded']);

/**
 * Tells whether `error` counts against the circuit breaker: the upstream
 * failed (5xx), did not answer in time, could not be reached, cut a stream
 * short, or answered 429 `rate_limit_exceeded`. A refusal of the request
 * itself (400, 401, 403, `insufficient_quota`, context length, validation),
 * a caller's abort, a local rate-limit refusal (nothing was sent) and a
 * Bulwark gateway's 429 `budget_exceeded` (the caller's key is out of money)
 * say nothing about the upstream's health and do not count.
 *
 * The test is by `code`, not by `retryable`: a 5xx with `x-should-retry: false`
 * still comes from a sick upstream. Codes rather than classes keep it right
 * for errors thrown by another copy of `@bulwark/core`.
 *
 * @param error - what the attempt threw.
 */
export function isUpstreamUnhealthy(error: unknown): boolean {
  if (!isBulwarkError(error)) return false;
  if (error.code === 'rate_limit_exceeded') {
    if ((error as RateLimitError).local === true) return false;
    return error.upstreamCode === undefined || !CALLER_REFUSAL_CODES.has(error.upstreamCode);
  }
  return UNHEALTHY_CODES.has(error.code);
}
