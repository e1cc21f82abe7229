/** Every state of a circuit breaker, one series each in the circuit-state gauges. */
export const CIRCUIT_STATES = ['closed', 'half-open', 'open'] as const;
