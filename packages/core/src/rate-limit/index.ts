/**
 * `@bulwark/core/rate-limit`: the client-side RPM/TPM limiter on its own —
 * token buckets with FIFO waits, upstream header learning, token estimates.
 * A client builds its limiter from its `rateLimit` option.
 *
 * @module @bulwark/core/rate-limit
 */
export { createTokenBucketLimiter } from './create-token-bucket-limiter.js';
export {
  DEFAULT_BURST_FRACTION,
  tokenBucketLimiterOptionsSchema,
  type LimiterClockOptions,
  type LimiterTimers,
  type TokenBucketLimiterOptions,
} from './token-bucket-limiter-options.js';
export type {
  RateLimiter,
  RateLimitAcquireOptions,
  RateLimitDimensionHealth,
  RateLimitGrant,
  RateLimitKind,
  RateLimitLearnOptions,
  RateLimitWait,
  RateLimiterHealth,
} from './rate-limiter.js';
export {
  readRateLimitHeaders,
  type HeaderSource,
  type RateLimitHeaders,
  type RateLimitHeaderValues,
} from './read-rate-limit-headers.js';
export { parseGoDuration } from './parse-go-duration.js';
export {
  estimateRequestTokens,
  DEFAULT_COMPLETION_TOKENS,
  type EstimateRequestTokensOptions,
} from './estimate-request-tokens.js';
export { chargedTokens, type ChargedTokensOptions } from './charged-tokens.js';
export { rateLimitOptionsSchema } from '../options/rate-limit-options-schema.js';
