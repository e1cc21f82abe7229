import type { Logger } from '../logging/logger.js';

/** A listener of one event. */
export type EventListener<Payload> = (payload: Payload) => void;

/** A typed event emitter whose listeners cannot break the code that emits. */
export interface EventEmitter<Events> {
  /**
   * Adds a listener.
   * @returns a function that removes it (calling it twice is harmless).
   */
  on<Name extends keyof Events>(name: Name, listener: EventListener<Events[Name]>): () => void;
  /** Calls every listener of `name` in the order they were added. */
  emit<Name extends keyof Events>(name: Name, payload: Events[Name]): void;
  /** Whether `name` has a listener: a payload nobody receives need not be built. */
  has(name: keyof Events): boolean;
  /** Removes every listener. */
  clear(): void;
}

/**
 * Creates a typed event emitter. A listener that throws is logged at `warn`
 * and skipped: an observer never fails the call it observes.
 *
 * @param logger - where listener failures go.
 */
export function createEventEmitter<Events>(logger: Logger): EventEmitter<Events> {
  const listeners = new Map<keyof Events, Set<EventListener<never>>>();
  return {
    on(name, listener) {
      let set = listeners.get(name);
      if (set === undefined) {
        set = new Set();
        listeners.set(name, set);
      }
      const entry = listener as EventListener<never>;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    emit(name, payload) {
      const set = listeners.get(name);
      if (set === undefined || set.size === 0) return;
      // A copy: a listener may unsubscribe (itself or another) while the event is delivered.
      for (const listener of [...set]) {
        try {
          (listener as EventListener<typeof payload>)(payload);
        } catch (error) {
          logger.warn({ event: String(name), error }, 'An event listener threw; ignored');
        }
      }
    },
    has(name) {
      return (listeners.get(name)?.size ?? 0) > 0;
    },
    clear() {
      listeners.clear();
    },
  };
}
