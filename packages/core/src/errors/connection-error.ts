import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

/**
 * The upstream could not be reached or the connection broke (DNS, refused, reset). Retryable. Gateway status 502.
 *
 * Code `connection_error`; retryable by default.
 */
export class ConnectionError extends BulwarkError {
  /** Always `connection_error`. */
  readonly code = 'connection_error' as const;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, true);
  }
}
