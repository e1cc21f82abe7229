import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

/**
 * The caller aborted the call through its `AbortSignal`. Gateway status 499 (client closed request).
 *
 * Code `aborted`; not retryable.
 */
export class AbortError extends BulwarkError {
  /** Always `aborted`. */
  readonly code = 'aborted' as const;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, false);
  }
}
