const MINUTE_MS = 60_000;

/** Options of {@link createTokenBucket}. */
export interface TokenBucketOptions {
  /** Units (requests or tokens) the bucket lets through per minute, in the long run. */
  limitPerMinute: number;
  /** Burst capacity as a fraction of `limitPerMinute`; the capacity is never below 1 unit. */
  burstFraction: number;
  /** The clock, in milliseconds. */
  now: () => number;
}

/**
 * One continuously refilled token bucket. It starts full, refills at
 * `limitPerMinute / 60000` units per millisecond up to its capacity
 * (`max(1, limitPerMinute × burstFraction)`), and may go below zero: a cost
 * larger than the capacity is taken once the bucket is full and leaves it in
 * debt, which later takes repay first.
 */
export interface TokenBucket {
  /** The current long-run rate, per minute. */
  readonly limitPerMinute: number;
  /** The most the bucket holds. */
  readonly capacity: number;
  /** Units refilled per millisecond. */
  readonly ratePerMs: number;
  /** Units available now (negative while in debt). */
  available(): number;
  /** Whether a cost can be taken now: at least `min(cost, capacity)` is available. */
  fits(cost: number): boolean;
  /** Milliseconds until {@link TokenBucket.fits} holds for `cost` (0 when it already does). */
  msUntilFits(cost: number): number;
  /** Takes `amount` units, going into debt if needed. */
  take(amount: number): void;
  /** Gives `amount` units back, never above the capacity. */
  give(amount: number): void;
  /** Lowers what is available to `level` (nothing happens if it is already lower). */
  lowerTo(level: number): void;
  /** Changes the long-run rate (and with it the capacity). */
  setLimit(limitPerMinute: number): void;
}

// Float arithmetic may leave a refilled bucket a hair below an exact cost.
const EPSILON = 1e-9;

/**
 * Creates a {@link TokenBucket} on an injected clock.
 *
 * @param options - rate, burst fraction and clock.
 * @example
 * ```ts
 * const bucket = createTokenBucket({ limitPerMinute: 600, burstFraction: 0.001, now: Date.now });
 * if (bucket.fits(1)) bucket.take(1);
 * ```
 */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const { burstFraction, now } = options;
  let limitPerMinute = options.limitPerMinute;
  let capacity = Math.max(1, limitPerMinute * burstFraction);
  let level = capacity;
  let updatedAt = now();

  const refill = (): number => {
    const time = now();
    if (time > updatedAt) {
      level = Math.min(capacity, level + ((time - updatedAt) * limitPerMinute) / MINUTE_MS);
    }
    updatedAt = Math.max(updatedAt, time);
    return level;
  };

  return {
    get limitPerMinute() {
      return limitPerMinute;
    },
    get capacity() {
      return capacity;
    },
    get ratePerMs() {
      return limitPerMinute / MINUTE_MS;
    },
    available: refill,
    fits: (cost) => refill() + EPSILON >= Math.min(cost, capacity),
    msUntilFits(cost) {
      const missing = Math.min(cost, capacity) - refill() - EPSILON;
      return missing <= 0 ? 0 : (missing * MINUTE_MS) / limitPerMinute;
    },
    take(amount) {
      level = refill() - amount;
    },
    give(amount) {
      level = Math.min(capacity, refill() + amount);
    },
    lowerTo(target) {
      level = Math.min(refill(), target);
    },
    setLimit(next) {
      refill();
      limitPerMinute = next;
      capacity = Math.max(1, next * burstFraction);
      level = Math.min(level, capacity);
    },
  };
}
