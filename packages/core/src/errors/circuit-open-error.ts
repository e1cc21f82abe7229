import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

/**
 * The circuit breaker is open: the call failed at once without touching the network. `retryAfterMs` is the time until the breaker lets a probe through. Gateway status 503 with `retry-after`.
 *
 * Code `circuit_open`; not retryable.
 */
export class CircuitOpenError extends BulwarkError {
  /** Always `circuit_open`. */
  readonly code = 'circuit_open' as const;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, false);
  }
}
