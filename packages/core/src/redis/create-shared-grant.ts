import type { GrantLogEntry } from '../rate-limit/grant-log.js';
import type { RateLimitGrant } from '../rate-limit/rate-limiter.js';

/** Options of {@link createSharedGrant}. */
export interface SharedGrantOptions {
  /** What was taken from the shared buckets. */
  cost: Readonly<Record<'requests' | 'tokens', number>>;
  /** When, on the limiter's clock. */
  grantedAt: number;
  /** How long the attempt waited. */
  waitedMs: number;
  /** The grant's entry in the limiter's log, zeroed on release. */
  logEntry: GrantLogEntry;
  /** Adds amounts back to the shared buckets (negative takes more); sent in the background. */
  adjust: (requests: number, tokens: number) => void;
}

/**
 * The {@link RateLimitGrant} of the Redis limiter: its capacity was taken in
 * Redis; `reconcile` gives back the unused part of the token estimate (or
 * takes the excess) and `release` gives everything back, both with one
 * script call in the background. Settles once.
 *
 * @param options - the cost, the log entry and how to adjust the buckets.
 */
export function createSharedGrant(options: SharedGrantOptions): RateLimitGrant {
  const { cost, logEntry, adjust } = options;
  let settled = false;
  return {
    requests: cost.requests,
    tokens: cost.tokens,
    grantedAt: options.grantedAt,
    waitedMs: options.waitedMs,
    reconcile(actualTokens) {
      if (settled) return;
      settled = true;
      const difference = cost.tokens - Math.max(0, actualTokens);
      if (difference !== 0) adjust(0, difference);
    },
    release() {
      if (settled) return;
      settled = true;
      logEntry.requests = 0;
      logEntry.tokens = 0;
      adjust(cost.requests, cost.tokens);
    },
  };
}
