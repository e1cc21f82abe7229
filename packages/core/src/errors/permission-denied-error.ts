import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

/** Options of {@link PermissionDeniedError}. */
export interface PermissionDeniedErrorOptions extends BulwarkErrorOptions {
  /** The upstream's error code. @default 'permission_denied' */
  code?: string | undefined;
}

/**
 * The key may not use this model, organisation or project (HTTP 403). `code` is the upstream's code, or `permission_denied`. Gateway status 502.
 *
 * Code: the upstream's; not retryable.
 */
export class PermissionDeniedError extends BulwarkError {
  /** The upstream's error code, or `permission_denied` when it sent none. */
  readonly code: string;

  /** @param options - message and context of the error. */
  constructor(options: PermissionDeniedErrorOptions) {
    super(options, false);
    this.code = options.code ?? 'permission_denied';
  }
}
