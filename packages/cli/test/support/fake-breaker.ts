import type { CircuitSignals } from '../../src/batch/client-circuit-signals.js';

/** A breaker driven by the test: its state and its three events. */
export function fakeBreaker() {
  const listeners = {
    open: new Set<(retryAfterMs: number) => void>(),
    halfOpen: new Set<() => void>(),
    close: new Set<() => void>(),
  };
  let state: 'closed' | 'open' | 'half-open' = 'closed';
  const add = <T>(set: Set<T>, listener: T) => (set.add(listener), () => set.delete(listener));
  const signals: CircuitSignals = {
    state: () => state,
    onOpen: (listener) => add(listeners.open, listener),
    onHalfOpen: (listener) => add(listeners.halfOpen, listener),
    onClose: (listener) => add(listeners.close, listener),
  };
  return {
    signals,
    listeners,
    open(retryAfterMs: number) {
      state = 'open';
      for (const listener of listeners.open) listener(retryAfterMs);
    },
    halfOpen() {
      state = 'half-open';
      for (const listener of listeners.halfOpen) listener();
    },
    close() {
      state = 'closed';
      for (const listener of listeners.close) listener();
    },
  };
}
