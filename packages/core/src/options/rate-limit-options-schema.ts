import { z } from 'zod';
import { milliseconds, wholeNumber } from './option-schemas.js';

/**
 * The client-side rate limit settings and their defaults (the `rateLimit`
 * option, and the numbers of `createTokenBucketLimiter`). `0` turns a limit
 * off; with both off (the default) no limiter runs.
 */
export const rateLimitOptionsSchema = z.object({
  /** Requests per minute (`BULWARK_RPM`); `0` turns this limit off. @default 0 */
  rpm: wholeNumber(0).default(0),
  /** Tokens per minute (`BULWARK_TPM`); `0` turns this limit off. @default 0 */
  tpm: wholeNumber(0).default(0),
  /**
   * Longest wait for capacity, in milliseconds (`BULWARK_RATE_MAX_WAIT_MS`).
   * An attempt whose projected wait is longer fails at once with a local
   * `RateLimitError`, and one still waiting when it passes fails then;
   * nothing is sent either way. `0` never waits.
   * @default 60000
   */
  maxWaitMs: milliseconds(0).default(60_000),
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
  burstFraction: z
    .number({ error: 'expected a number from 0 to 1' })
    .min(0, { error: 'expected a number from 0 to 1' })
    .max(1, { error: 'expected a number from 0 to 1' })
    .default(1 / 6000),
  /**
   * Completion reserve of a request that sets neither
   * `max_completion_tokens` nor `max_tokens`, in tokens: every attempt takes
   * its prompt's estimate plus this reserve (times `n`) before it is sent,
   * reconciled with the usage afterwards.
   * @default 1024
   */
  defaultCompletionTokens: wholeNumber(1).default(1024),
});
