import type { GrantLog } from '../rate-limit/grant-log.js';
import type {
  RateLimitDimensionHealth,
  RateLimitLearnOptions,
} from '../rate-limit/rate-limiter.js';
import type { HeaderSource } from '../rate-limit/read-rate-limit-headers.js';
import { correctSharedBuckets } from './correct-shared-buckets.js';
import {
  SHARED_BUCKET_KINDS,
  type SharedBucketKind,
  type SharedBucketPair,
  type SharedBuckets,
} from './create-shared-buckets.js';

/** Options of {@link createSharedHeaderLearning}. */
export interface SharedHeaderLearningOptions {
  /** The limiter's clock. */
  now: () => number;
  /** This process's recent grants. */
  log: GrantLog;
  /** The shared buckets, for the limits in force. */
  buckets: Pick<SharedBuckets, 'snapshots'>;
  /** Lowers the shared buckets' levels and limits (the script's `lower`), in the background. */
  lower: (targets: SharedBucketPair, limits: SharedBucketPair) => void;
}

/** What the Redis rate limiter learns from upstream headers. */
export interface SharedHeaderLearning {
  /** The upstream's last word on each limit, for `health()`. */
  readonly learned: Readonly<Record<SharedBucketKind, RateLimitDimensionHealth['learned']>>;
  /** Reads a response's `x-ratelimit-*` headers and lowers the shared buckets by them. */
  learn(headers: HeaderSource, learnOptions?: RateLimitLearnOptions): void;
}

/**
 * Header learning of the Redis rate limiter: the remaining counts, brought
 * up to now with this process's grants since, lower the shared levels, and
 * a smaller upstream limit is stored for every instance (see
 * {@link correctSharedBuckets}).
 *
 * @param options - the clock, the grant log, the shared buckets and how to lower them.
 */
export function createSharedHeaderLearning(
  options: SharedHeaderLearningOptions,
): SharedHeaderLearning {
  const { now, log, buckets } = options;
  const learned: Record<SharedBucketKind, RateLimitDimensionHealth['learned']> = {
    requests: undefined,
    tokens: undefined,
  };
  return {
    learned,
    learn(headers, learnOptions = {}) {
      const time = now();
      const sentAt = learnOptions.sentAt ?? time;
      const correction = correctSharedBuckets({
        headers,
        limits: Object.fromEntries(buckets.snapshots().map((item) => [item.kind, item.limit])),
        grantedSince: log.since(sentAt),
        elapsedMs: time - sentAt,
      });
      for (const kind of SHARED_BUCKET_KINDS) {
        const seen = correction.learned[kind];
        if (seen !== undefined) learned[kind] = Object.assign({}, seen, { at: time });
      }
      if (correction.useful) options.lower(correction.targets, correction.limits);
    },
  };
}
