import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

/**
 * The upstream refused the API key (HTTP 401). At the gateway this is a 502: the gateway's own key is wrong, not the caller's.
 *
 * Code `invalid_api_key`; not retryable.
 */
export class AuthenticationError extends BulwarkError {
  /** Always `invalid_api_key`. */
  readonly code = 'invalid_api_key' as const;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, false);
  }
}
