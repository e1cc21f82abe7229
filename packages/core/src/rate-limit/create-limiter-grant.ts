import type { GrantLogEntry } from './grant-log.js';
import type { RateLimitGrant } from './rate-limiter.js';
import type { TokenBucket } from './token-bucket.js';

/** Options of {@link createLimiterGrant}. */
export interface LimiterGrantOptions {
  /** What was taken. */
  cost: Readonly<Record<'requests' | 'tokens', number>>;
  /** When it was taken. */
  grantedAt: number;
  /** How long the attempt waited. */
  waitedMs: number;
  /** The requests bucket, when that limit is on. */
  requestBucket: TokenBucket | undefined;
  /** The tokens bucket, when that limit is on. */
  tokenBucket: TokenBucket | undefined;
  /** The grant's entry in the limiter's log, zeroed on release. */
  logEntry: GrantLogEntry;
  /** Called after a settlement changed the buckets (the queue may move). */
  onSettle: () => void;
}

/**
 * The {@link RateLimitGrant} of the in-memory limiter, whose capacity was
 * already taken from the buckets: settles once, by `reconcile` (the tokens
 * follow the actual count) or `release` (everything goes back).
 *
 * @param options - the cost, the buckets, the log entry and a settle callback.
 */
export function createLimiterGrant(options: LimiterGrantOptions): RateLimitGrant {
  const { cost, requestBucket, tokenBucket, logEntry, onSettle } = options;
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
      if (difference > 0) tokenBucket?.give(difference);
      else tokenBucket?.take(-difference);
      onSettle();
    },
    release() {
      if (settled) return;
      settled = true;
      logEntry.requests = 0;
      logEntry.tokens = 0;
      requestBucket?.give(cost.requests);
      tokenBucket?.give(cost.tokens);
      onSettle();
    },
  };
}
