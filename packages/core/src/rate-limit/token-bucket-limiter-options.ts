import type { z } from 'zod';
import { rateLimitOptionsSchema } from '../options/rate-limit-options-schema.js';

/** Timer functions; the global ones by default, looked up at each call so fake timers apply. */
export interface LimiterTimers {
  /** Schedules `callback` after `delayMs`. */
  setTimeout(callback: () => void, delayMs: number): unknown;
  /** Cancels what `setTimeout` returned. */
  clearTimeout(handle: unknown): void;
}

/** The clock and timers of a limiter, which only code can give. */
export interface LimiterClockOptions {
  /** The clock, in milliseconds; `pause` and `sentAt` use it too. @default Date.now */
  now?: (() => number) | undefined;
  /** Timer functions. @default the global `setTimeout` and `clearTimeout` */
  timers?: LimiterTimers | undefined;
}

/**
 * Schema of the numeric {@link TokenBucketLimiterOptions}: the client's
 * `rateLimit` settings, their defaults included.
 */
export const tokenBucketLimiterOptionsSchema = rateLimitOptionsSchema.pick({
  rpm: true,
  tpm: true,
  maxWaitMs: true,
  burstFraction: true,
});

/**
 * Options of {@link createTokenBucketLimiter}: `rpm`, `tpm`, `maxWaitMs` and
 * `burstFraction` as {@link rateLimitOptionsSchema} declares them, plus the
 * clock.
 */
export type TokenBucketLimiterOptions = z.input<typeof tokenBucketLimiterOptionsSchema> &
  LimiterClockOptions;

/** Default burst: 10 ms of traffic (see `rateLimitOptionsSchema`'s `burstFraction`). */
export const DEFAULT_BURST_FRACTION: number = tokenBucketLimiterOptionsSchema.parse(
  {},
).burstFraction;

/** The options with defaults applied. */
export type ResolvedLimiterOptions = z.output<typeof tokenBucketLimiterOptionsSchema> & {
  /** The clock. */
  now: () => number;
  /** Timer functions. */
  timers: LimiterTimers;
};

const globalTimers: LimiterTimers = {
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => {
    globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/**
 * Validates the options and applies the defaults.
 * @throws RangeError naming the first bad option.
 */
export function resolveLimiterOptions(options: TokenBucketLimiterOptions): ResolvedLimiterOptions {
  const parsed = tokenBucketLimiterOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RangeError(
      `rateLimit.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return Object.assign({}, parsed.data, {
    now: options.now ?? Date.now,
    timers: options.timers ?? globalTimers,
  });
}
