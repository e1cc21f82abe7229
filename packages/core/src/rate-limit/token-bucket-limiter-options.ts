import { z } from 'zod';

/** Largest delay a Node timer accepts. */
const MAX_TIMER_MS = 2_147_483_647;

/** Timer functions; the global ones by default, looked up at each call so fake timers apply. */
export interface LimiterTimers {
  /** Schedules `callback` after `delayMs`. */
  setTimeout(callback: () => void, delayMs: number): unknown;
  /** Cancels what `setTimeout` returned. */
  clearTimeout(handle: unknown): void;
}

/** Options of {@link createTokenBucketLimiter}. */
export interface TokenBucketLimiterOptions {
  /** Requests per minute (`BULWARK_RPM`); `0` or absent turns this limit off. @default 0 */
  rpm?: number | undefined;
  /** Tokens per minute (`BULWARK_TPM`); `0` or absent turns this limit off. @default 0 */
  tpm?: number | undefined;
  /**
   * Longest wait for capacity, in milliseconds (`BULWARK_RATE_MAX_WAIT_MS`).
   * An attempt whose projected wait is longer fails at once with a local
   * `RateLimitError`, and one still waiting when it passes fails then;
   * nothing is sent either way. `0` never waits.
   * @default 60000
   */
  maxWaitMs?: number | undefined;
  /**
   * Burst capacity of each bucket, as a fraction of its per-minute limit; a
   * bucket always holds at least one request (and a request larger than the
   * capacity goes once the bucket is full, leaving it in debt).
   *
   * OpenAI enforces its limits over short windows too (a 60,000 RPM limit
   * may be enforced as 1,000 requests per second). A bucket of capacity `B`
   * refilled at `limit / 60` per second lets through up to `B` more than
   * the per-second share in some one-second window (the burst, plus the
   * refill of the second itself), so the burst must stay a small part of
   * that share. The default, 1/6000 of the minute (10 ms of traffic), keeps
   * every one-second window exactly within the share up to 6,000 RPM (the
   * capacity is then one request) and within 1 % of it above, while a burst
   * after a quiet spell still starts without waiting.
   * @default 1 / 6000
   */
  burstFraction?: number | undefined;
  /** The clock, in milliseconds; `pause` and `sentAt` use it too. @default Date.now */
  now?: (() => number) | undefined;
  /** Timer functions. @default the global `setTimeout` and `clearTimeout` */
  timers?: LimiterTimers | undefined;
}

/** Default burst: 10 ms of traffic (see {@link TokenBucketLimiterOptions.burstFraction}). */
export const DEFAULT_BURST_FRACTION = 1 / 6000;

const limit = z.number().finite().min(0).optional();

/** Schema of the numeric {@link TokenBucketLimiterOptions}. */
export const tokenBucketLimiterOptionsSchema = z.object({
  /** Requests per minute; 0 turns the limit off. */
  rpm: limit,
  /** Tokens per minute; 0 turns the limit off. */
  tpm: limit,
  /** Longest wait for capacity, in milliseconds. */
  maxWaitMs: z.number().min(0).max(MAX_TIMER_MS).optional(),
  /** Burst capacity as a fraction of each per-minute limit. */
  burstFraction: z.number().min(0).max(1).optional(),
});

/** The options with defaults applied. */
export interface ResolvedLimiterOptions {
  rpm: number;
  tpm: number;
  maxWaitMs: number;
  burstFraction: number;
  now: () => number;
  timers: LimiterTimers;
}

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
  const parsed = tokenBucketLimiterOptionsSchema.safeParse({
    rpm: options.rpm,
    tpm: options.tpm,
    maxWaitMs: options.maxWaitMs,
    burstFraction: options.burstFraction,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RangeError(
      `rateLimit.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return {
    rpm: parsed.data.rpm ?? 0,
    tpm: parsed.data.tpm ?? 0,
    maxWaitMs: parsed.data.maxWaitMs ?? 60_000,
    burstFraction: parsed.data.burstFraction ?? DEFAULT_BURST_FRACTION,
    now: options.now ?? Date.now,
    timers: options.timers ?? globalTimers,
  };
}
