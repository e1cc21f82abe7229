import type { BulwarkClient } from '@bulwark/core';
import type { CircuitSignals } from './create-circuit-gate.js';

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
