import { estimateUpstreamAvailable } from '../rate-limit/estimate-upstream-available.js';
import {
  readRateLimitHeaders,
  type HeaderSource,
  type RateLimitHeaderValues,
} from '../rate-limit/read-rate-limit-headers.js';

type Kind = 'requests' | 'tokens';
type Pair = [number | undefined, number | undefined];

/** Options of {@link correctSharedBuckets}. */
export interface CorrectSharedBucketsOptions {
  /** The response's headers. */
  headers: HeaderSource;
  /** The limits in force per kind (absent: that limit is off). */
  limits: Partial<Record<Kind, number>>;
  /** This process's grants since the answered request was sent. */
  grantedSince: Record<Kind, number>;
  /** Milliseconds since the answered request was sent. */
  elapsedMs: number;
}

/** What {@link correctSharedBuckets} asks of the shared buckets. */
export interface SharedBucketCorrection {
  /** Levels to lower the requests and tokens buckets to (`undefined`: no remaining count). */
  targets: Pair;
  /** Upstream limits to store (`undefined`: not named). */
  limits: Pair;
  /** What the headers said, per kind, for `health()`. */
  learned: Partial<Record<Kind, RateLimitHeaderValues>>;
  /** Whether there is anything to send to Redis (a target or a limit). */
  useful: boolean;
}

/**
 * Turns a response's `x-ratelimit-*` headers into a correction of the
 * shared buckets: the remaining counts brought up to now (what this process
 * granted since is taken off, what the upstream regained since added) as
 * target levels, and the upstream limits as they are. Other instances'
 * grants since are unknown here, so a target can only be too high (a
 * correction too small), never too low.
 *
 * @param options - headers, limits, this process's grants since and the time since.
 * @returns the correction.
 */
export function correctSharedBuckets(options: CorrectSharedBucketsOptions): SharedBucketCorrection {
  const values = readRateLimitHeaders(options.headers);
  const correction: SharedBucketCorrection = {
    targets: [undefined, undefined],
    limits: [undefined, undefined],
    learned: {},
    useful: false,
  };
  (['requests', 'tokens'] as const).forEach((kind, index) => {
    const seen = values[kind];
    const limit = options.limits[kind];
    if (seen === undefined || limit === undefined) return;
    correction.learned[kind] = seen;
    correction.limits[index] = seen.limit;
    if (seen.remaining === undefined) return;
    correction.targets[index] = estimateUpstreamAvailable({
      values: Object.assign({}, seen, { remaining: seen.remaining }),
      limit: Math.min(limit, seen.limit ?? limit),
      grantedSince: options.grantedSince[kind],
      elapsedMs: options.elapsedMs,
    });
  });
  correction.useful = [...correction.targets, ...correction.limits].some(
    (item) => item !== undefined,
  );
  return correction;
}
