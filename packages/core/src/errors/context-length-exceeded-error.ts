import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

/**
 * The prompt (plus the requested completion) cannot fit the model's context window: found by the preflight token count, so nothing was sent, or reported by the upstream as a 400 with code `context_length_exceeded`. Gateway status 400.
 *
 * Code `context_length_exceeded`; not retryable.
 */
export class ContextLengthExceededError extends BulwarkError {
  /** Always `context_length_exceeded`. */
  readonly code = 'context_length_exceeded' as const;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, false);
  }
}
