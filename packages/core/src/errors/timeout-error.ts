import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

/**
 * An attempt (or the overall deadline) ran out of time, or the upstream answered 408. Retryable. Gateway status 504.
 *
 * Code `timeout`; retryable by default.
 */
export class TimeoutError extends BulwarkError {
  /** Always `timeout`. */
  readonly code = 'timeout' as const;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, true);
  }
}
