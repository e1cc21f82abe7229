import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

/** Options of {@link RateLimitError}. */
export interface RateLimitErrorOptions extends BulwarkErrorOptions {
  /** `true` when the local limiter refused the call and nothing was sent. @default false */
  local?: boolean | undefined;
}

/**
 * Too many requests or tokens: an upstream 429 `rate_limit_exceeded` (retryable, with `retryAfterMs`), or the local limiter could not grant capacity within `maxWaitMs` (then `local` is true and nothing was sent). Gateway status 429 with `retry-after`.
 *
 * Code `rate_limit_exceeded`; retryable by default.
 */
export class RateLimitError extends BulwarkError {
  /** Always `rate_limit_exceeded`. */
  readonly code = 'rate_limit_exceeded' as const;
  /** `true` when the local limiter refused the call and nothing was sent. */
  readonly local: boolean;

  /** @param options - message and context of the error. */
  constructor(options: RateLimitErrorOptions) {
    super(options, true);
    this.local = options.local ?? false;
  }
}
