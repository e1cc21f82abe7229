import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

/**
 * The upstream failed (HTTP 5xx). Retryable. Gateway status 502.
 *
 * Code `server_error`; retryable by default.
 */
export class ServerError extends BulwarkError {
  /** Always `server_error`. */
  readonly code = 'server_error' as const;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, true);
  }
}
