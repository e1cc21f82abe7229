import type { BulwarkError } from '../errors/bulwark-error.js';
import {
  BadRequestError,
  CircuitOpenError,
  ConnectionError,
  PermissionDeniedError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
  StreamTruncatedError,
  TimeoutError,
} from '../errors/errors.js';
import type { FallbackReason } from '../events/client-events.js';

/** Upstream codes of a model the deployment does not serve (any more). */
const MODEL_GONE_CODES: ReadonlySet<string> = new Set(['model_not_found', 'model_deprecated']);

const FIRST_CHUNK_TIMEOUTS = new WeakSet<object>();

/**
 * Marks a timeout as the first-chunk timeout of a stream, so that the
 * fallback it causes is told apart from an attempt timeout.
 *
 * @param error - the timeout.
 * @returns the same error.
 */
export function markFirstChunkTimeout(error: TimeoutError): TimeoutError {
  FIRST_CHUNK_TIMEOUTS.add(error);
  return error;
}

/**
 * Whether a deployment's failure moves the call on to the next deployment of
 * its route, and why (see `docs/routes.md`, "When a call falls over"): its
 * retries spent on a server error, a timeout or a connection failure; an open
 * circuit; a rate limit (the upstream's after retries, or a local wait past
 * `maxWaitMs`); `insufficient_quota`; a model the deployment does not serve;
 * a stream's first-chunk timeout. Never a validation error, a content-filter
 * refusal, an abort or any other 4xx: those would fail the same way
 * elsewhere.
 *
 * @param error - the deployment's final error, already a Bulwark error.
 * @returns the reason, or `undefined` when the call must fail with this error.
 */
export function fallbackReason(error: BulwarkError): FallbackReason | undefined {
  if (CircuitOpenError.isInstance(error)) return 'circuit_open';
  if (QuotaExceededError.isInstance(error)) return 'insufficient_quota';
  if (RateLimitError.isInstance(error)) return 'rate_limited';
  if (TimeoutError.isInstance(error)) {
    return FIRST_CHUNK_TIMEOUTS.has(error) ? 'first_chunk_timeout' : 'timeout';
  }
  if (ConnectionError.isInstance(error)) return 'connection_error';
  if (ServerError.isInstance(error) || StreamTruncatedError.isInstance(error)) {
    return 'server_error';
  }
  if (BadRequestError.isInstance(error) || PermissionDeniedError.isInstance(error)) {
    const code = error.code as string;
    return MODEL_GONE_CODES.has(code) ? 'model_not_found' : undefined;
  }
  return undefined;
}

/** How long a deployment is skipped after a failure without a `retry-after`, by reason. */
const DEFAULT_COOLDOWN_MS: Partial<Record<FallbackReason, number>> = {
  rate_limited: 5_000,
  insufficient_quota: 60_000,
  model_not_found: 60_000,
};

/**
 * How long to skip a deployment after it failed for `reason`: the upstream's
 * `retry-after` when it sent one, else a default for the failures that last
 * (an upstream rate limit 5 s, quota and missing models 60 s). Failures the
 * circuit breaker already tracks (server errors, timeouts) and local limits
 * cool nothing down.
 *
 * @param reason - why the call fell over.
 * @param error - the deployment's error.
 * @returns milliseconds, or `undefined` for no cooldown.
 */
export function cooldownMs(reason: FallbackReason, error: BulwarkError): number | undefined {
  if (RateLimitError.isInstance(error) && error.local) return undefined;
  return error.retryAfterMs ?? DEFAULT_COOLDOWN_MS[reason];
}
