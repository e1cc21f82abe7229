import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

/** Options of {@link BadRequestError}. */
export interface BadRequestErrorOptions extends BulwarkErrorOptions {
  /** The upstream's error code. @default 'invalid_request' */
  code?: string | undefined;
}

/**
 * The upstream refused the request as invalid (HTTP 400, 404, 409 or 422). `code` is the upstream's code, or `invalid_request` when it sent none. Gateway status: the same.
 *
 * Code: the upstream's; not retryable.
 */
export class BadRequestError extends BulwarkError {
  /** The upstream's error code, or `invalid_request` when it sent none. */
  readonly code: string;

  /** @param options - message and context of the error. */
  constructor(options: BadRequestErrorOptions) {
    super(options, false);
    this.code = options.code ?? 'invalid_request';
  }
}
