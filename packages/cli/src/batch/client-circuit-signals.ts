import type { BulwarkClient } from '@bulwark/core';

/** What the gate needs to know of the client's circuit breaker (see {@link clientCircuitSignals}). */
export interface CircuitSignals {
  /** The breaker's state now (`half-open`: the next call is the probe). */
  state(): 'closed' | 'open' | 'half-open';
  /** Listens to the breaker opening; `retryAfterMs` is the time until a probe may go. */
  onOpen(listener: (retryAfterMs: number) => void): () => void;
  /** Listens to a probe starting (the breaker half-opened). */
  onHalfOpen(listener: () => void): () => void;
  /** Listens to the breaker closing again. */
  onClose(listener: () => void): () => void;
}

/**
 * The circuit breaker of a core client as the batch's gate follows it: its
 * state from `health().circuit`, and the `circuitOpen`, `circuitHalfOpen`
 * and `circuitClose` events.
 *
 * @param client - the batch's client.
 */
export function clientCircuitSignals(client: Pick<BulwarkClient, 'on' | 'health'>): CircuitSignals {
  return {
    state: () => client.health().circuit,
    onOpen: (listener) => client.on('circuitOpen', (event) => listener(event.retryAfterMs)),
    onHalfOpen: (listener) => client.on('circuitHalfOpen', () => listener()),
    onClose: (listener) => client.on('circuitClose', () => listener()),
  };
}
