/** A set of listeners for one event. */
export interface ListenerSet<Event> {
  /**
   * Adds a listener.
   * @returns a function that removes it (calling it twice is harmless).
   */
  add(listener: (event: Event) => void): () => void;
  /**
   * Calls every listener with `event`. A listener that throws does not stop
   * the others, nor the call whose progress the event reports.
   */
  emit(event: Event): void;
  /** Removes every listener. */
  clear(): void;
}

/**
 * Creates a {@link ListenerSet}. Events are emitted from inside the resilience
 * policies, so a faulty listener must never break a call: its error is dropped.
 *
 * @example
 * ```ts
 * const retries = createListenerSet<RetryEvent>();
 * const unsubscribe = retries.add((event) => log(event));
 * retries.emit({ attempt: 1, delayMs: 250, error });
 * unsubscribe();
 * ```
 */
export function createListenerSet<Event>(): ListenerSet<Event> {
  const listeners = new Set<(event: Event) => void>();
  return {
    add(listener) {
      // A wrapper makes the same function added twice two subscriptions.
      const entry = (event: Event): void => listener(event);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch {
          // Observers must not change the outcome of the call they observe.
        }
      }
    },
    clear() {
      listeners.clear();
    },
  };
}
