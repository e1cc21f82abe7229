import type { Redis } from 'ioredis';
import type { BucketSnapshot } from '../rate-limit/project-queue-wait.js';
import { sharedBucketKeys, type SharedBucketKeyOptions } from './shared-bucket-keys.js';
import {
  runSharedBucketScript,
  type SharedBucketOperation,
  type SharedBucketReply,
} from './shared-bucket-script.js';

/** The two shared buckets: requests per minute and tokens per minute. */
export type SharedBucketKind = BucketSnapshot['kind'];

/** Every {@link SharedBucketKind}, requests first (the script's order). */
export const SHARED_BUCKET_KINDS: readonly SharedBucketKind[] = ['requests', 'tokens'];

// A bucket idle this long has refilled completely (debt included): Redis may drop it.
const IDLE_MS = 120_000;

/** A value per bucket, requests then tokens (`undefined`: none). */
export type SharedBucketPair = readonly [number | undefined, number | undefined];

/** A shared bucket as last seen, refilled locally up to now, with the limit in force. */
export interface SharedBucketView extends BucketSnapshot {
  /** The limit in force per minute (configured, or lowered by a learned one). */
  limit: number;
}

/** Options of {@link createSharedBuckets}. */
export interface SharedBucketsOptions extends SharedBucketKeyOptions {
  /** The Redis connection. */
  connection: Redis;
  /** Configured requests per minute (0 = off). */
  rpm: number;
  /** Configured tokens per minute (0 = off). */
  tpm: number;
  /** Burst capacity as a fraction of a limit. */
  burstFraction: number;
  /** The limiter's clock. */
  now: () => number;
}

/** One namespace's buckets in Redis, as this process changes them and last saw them. */
export interface SharedBuckets {
  /** The configured limits per minute (0 = off). */
  readonly configured: Readonly<Record<SharedBucketKind, number>>;
  /**
   * Runs one operation of the script on the buckets and remembers the reply.
   * @throws whatever the connection throws (Redis down, timeout).
   */
  run(
    operation: SharedBucketOperation,
    amounts: SharedBucketPair,
    learnedLimits?: SharedBucketPair,
  ): Promise<SharedBucketReply>;
  /** The enabled buckets as last seen, refilled locally up to now. */
  snapshots(): SharedBucketView[];
}

/**
 * The shared buckets of one namespace: every change goes through
 * `SHARED_BUCKET_SCRIPT`, and the last reply is what `acquire` projects
 * queue waits from and `health()` reports.
 *
 * @param options - the connection, the key prefix and namespace, the limits and the clock.
 */
export function createSharedBuckets(options: SharedBucketsOptions): SharedBuckets {
  const { connection, rpm, tpm, burstFraction, now } = options;
  const keys = sharedBucketKeys(options);
  const configured: Record<SharedBucketKind, number> = { requests: rpm, tokens: tpm };
  let last: { reply: SharedBucketReply; at: number } | undefined;

  return {
    configured,
    run: (operation, amounts, learnedLimits) =>
      runSharedBucketScript(connection, {
        keys,
        operation,
        rpm,
        tpm,
        burstFraction,
        amounts,
        learned: learnedLimits,
        idleMs: IDLE_MS,
      }).then((reply) => {
        last = { reply, at: now() };
        return reply;
      }),
    snapshots() {
      const elapsed = last === undefined ? 0 : now() - last.at;
      return SHARED_BUCKET_KINDS.filter((kind) => configured[kind] > 0).map((kind) => {
        const seen = last?.reply[kind];
        const limit = seen?.limit ?? configured[kind];
        const capacity = seen?.capacity ?? Math.max(1, limit * burstFraction);
        const ratePerMs = limit / 60_000;
        const available = Math.min(capacity, (seen?.level ?? capacity) + elapsed * ratePerMs);
        return { kind, available, capacity, ratePerMs, limit };
      });
    },
  };
}
