import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

/**
 * The account is out of credit or over its billing limit (HTTP 429 with `insufficient_quota` or a billing code). Never retryable: waiting does not help. Gateway status 429.
 *
 * Code `insufficient_quota`; not retryable.
 */
export class QuotaExceededError extends BulwarkError {
  /** Always `insufficient_quota`. */
  readonly code = 'insufficient_quota' as const;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, false);
  }
}
