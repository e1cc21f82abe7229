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
 * Tells whether `error` counts against the circuit breaker: the upstream
 * failed (5xx), did not answer in time, could not be reached, cut a stream
 * short, or answered 429 `rate_limit_exceeded`. A refusal of the request
 * itself (400, 401, 403, `insufficient_quota`, context length, validation),
 * a caller's abort and a local rate-limit refusal (nothing was sent) say
 * nothing about the upstream's health and do not count.
 *
 * The test is by `code`, not by `retryable`: a 5xx with `x-should-retry: false`
 * still comes from a sick upstream. Codes rather than classes keep it right
 * for errors thrown by another copy of `@bulwark/core`.
 *
 * @param error - what the attempt threw.
 */
export function isUpstreamUnhealthy(error: unknown): boolean {
  if (!isBulwarkError(error)) return false;
  if (error.code === 'rate_limit_exceeded') return (error as RateLimitError).local !== true;
  return UNHEALTHY_CODES.has(error.code);
}
