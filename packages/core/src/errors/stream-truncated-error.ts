import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

/**
 * A stream ended without `[DONE]` or without a `finish_reason`. Retryable only while no chunk has reached the caller. At the gateway: an SSE error event.
 *
 * Code `stream_truncated`; retryable by default.
 */
export class StreamTruncatedError extends BulwarkError {
  /** Always `stream_truncated`. */
  readonly code = 'stream_truncated' as const;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, true);
  }
}
