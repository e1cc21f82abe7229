import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

/**
 * The bulkhead is full (`maxConcurrent` in flight and `maxQueue` waiting): the call was rejected at once. Gateway status 503.
 *
 * Code `overloaded`; not retryable.
 */
export class BulkheadRejectedError extends BulwarkError {
  /** Always `overloaded`. */
  readonly code = 'overloaded' as const;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, false);
  }
}
