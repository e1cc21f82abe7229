import type { RateLimitHeaderValues } from './read-rate-limit-headers.js';

const MINUTE_MS = 60_000;

/** Options of {@link estimateUpstreamAvailable}. */
export interface EstimateUpstreamAvailableOptions {
  /** What the upstream said when it answered (`remaining` must be set). */
  values: RateLimitHeaderValues & { remaining: number };
  /** The limit in force, when the headers did not name one. */
  limit: number;
  /** Units this process granted since the answered request was sent. */
  grantedSince: number;
  /** Milliseconds since the answered request was sent. */
  elapsedMs: number;
}

/**
 * Brings an upstream's `x-ratelimit-remaining-*` up to now: the headers
 * describe the moment the upstream admitted the request, so what was granted
 * since is taken off and what the upstream regained since is added. The
 * upstream regains at least `limit` per minute, faster when
 * `x-ratelimit-reset-*` says the rest comes back sooner.
 *
 * @param options - the headers, the limit, the grants and the time since.
 * @returns what the upstream would still admit now (may be negative).
 */
export function estimateUpstreamAvailable(options: EstimateUpstreamAvailableOptions): number {
  const { values, grantedSince, elapsedMs } = options;
  const limit = values.limit ?? options.limit;
  const { remaining, resetMs } = values;
  const regainPerMs = Math.max(
    limit / MINUTE_MS,
    resetMs !== undefined && resetMs > 0 ? (limit - remaining) / resetMs : 0,
  );
  return remaining - grantedSince + Math.max(0, elapsedMs) * regainPerMs;
}
