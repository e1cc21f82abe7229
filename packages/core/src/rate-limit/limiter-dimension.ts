import { estimateUpstreamAvailable } from './estimate-upstream-available.js';
import type { RateLimitDimensionHealth } from './rate-limiter.js';
import type { RateLimitHeaderValues } from './read-rate-limit-headers.js';
import { createTokenBucket, type TokenBucket } from './token-bucket.js';

/** What a limiter dimension counts. */
export type LimiterKind = 'requests' | 'tokens';

/** One limit of the in-memory limiter: its bucket, its configured limit and what it learned. */
export interface LimiterDimension {
  kind: LimiterKind;
  bucket: TokenBucket;
  configuredLimit: number;
  learned: RateLimitDimensionHealth['learned'];
}

/**
 * The dimension of a limit per minute, or `undefined` when it is off (0).
 *
 * @param kind - requests or tokens.
 * @param limit - the configured limit per minute.
 * @param bucket - the bucket's burst fraction and clock.
 */
export function createLimiterDimension(
  kind: LimiterKind,
  limit: number,
  bucket: { burstFraction: number; now: () => number },
): LimiterDimension | undefined {
  if (!(limit > 0)) return undefined;
  return {
    kind,
    bucket: createTokenBucket({ limitPerMinute: limit, ...bucket }),
    configuredLimit: limit,
    learned: undefined,
  };
}

/**
 * Corrects a dimension from the upstream's `x-ratelimit-*` values: a smaller
 * upstream limit lowers the one in force, and a remaining count below what
 * the bucket holds (brought up to now) lowers the bucket.
 *
 * @param item - the dimension.
 * @param values - what the upstream said about this limit.
 * @param context - now, when the answered request was sent, and what was granted since.
 */
export function correctLimiterDimension(
  item: LimiterDimension,
  values: RateLimitHeaderValues,
  context: { now: number; sentAt: number; grantedSince: number },
): void {
  const { now, sentAt, grantedSince } = context;
  item.learned = Object.assign({}, values, { at: now });
  if (values.limit !== undefined && values.limit > 0) {
    const limit = Math.min(item.configuredLimit, values.limit);
    if (limit !== item.bucket.limitPerMinute) item.bucket.setLimit(limit);
  }
  const { remaining } = values;
  if (remaining === undefined) return;
  const upstream = estimateUpstreamAvailable({
    values: Object.assign({}, values, { remaining }),
    limit: item.bucket.limitPerMinute,
    grantedSince,
    elapsedMs: now - sentAt,
  });
  if (upstream < item.bucket.available()) item.bucket.lowerTo(upstream);
}

/**
 * What `health()` reports of a dimension, `undefined` when it is off.
 *
 * @param item - the dimension.
 */
export function limiterDimensionHealth(
  item: LimiterDimension | undefined,
): RateLimitDimensionHealth | undefined {
  return item === undefined
    ? undefined
    : {
        limit: item.bucket.limitPerMinute,
        configuredLimit: item.configuredLimit,
        capacity: item.bucket.capacity,
        available: item.bucket.available(),
        learned: item.learned,
      };
}
