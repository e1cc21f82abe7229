import { AbortError } from '../errors/errors.js';

/** One waiter's share of a flight. */
export interface FlightTicket<T> {
  /**
   * The flight's result. Rejects with the flight's failure, or with an
   * {@link AbortError} as soon as this waiter's signal aborts (the flight
   * goes on for the others).
   */
  readonly result: Promise<T>;
  /** Whether this waiter started the flight (the others joined it). */
  readonly started: boolean;
  /**
   * Leaves the flight (idempotent). When the last waiter leaves a flight
   * whose work is not done, the flight is aborted and forgotten.
   */
  leave(): void;
}

/** Options of {@link SingleFlight.join}. */
export interface JoinOptions<T> {
  /** This waiter's signal: aborting it makes this waiter leave. */
  signal?: AbortSignal | undefined;
  /** Starts the shared work when no flight is under the key; `signal` aborts once every waiter has left. */
  start: (signal: AbortSignal) => Promise<T>;
  /**
   * Work that goes on after `start` resolved (reading a stream to its end,
   * storing the answer): until it settles the flight stays joinable, and is
   * aborted if every waiter leaves. It must not reject.
   */
  finish?: ((value: T) => Promise<unknown>) | undefined;
  /** Starts a new flight even when one is under the key (later joiners join the new one). */
  fresh?: boolean | undefined;
}

/**
 * Coalesces identical work in flight: every caller that joins under the same
 * key while a flight is running shares its one result. A waiter's abort only
 * affects that waiter; the work itself is aborted when every waiter has left.
 * A failure reaches every waiter and ends the flight, so the next caller
 * starts afresh.
 */
export interface SingleFlight<T> {
  /** Joins the flight under `key`, or starts one. */
  join(key: string, options: JoinOptions<T>): FlightTicket<T>;
  /** Number of flights running. */
  readonly size: number;
}

interface Flight<T> {
  readonly controller: AbortController;
  readonly promise: Promise<T>;
  waiters: number;
  done: boolean;
}

/**
 * Creates an empty {@link SingleFlight}.
 * @example
 * ```ts
 * const flights = createSingleFlight<string>();
 * const ticket = flights.join(key, { signal, start: (signal) => fetchText(url, signal) });
 * try { return await ticket.result; } finally { ticket.leave(); }
 * ```
 */
export function createSingleFlight<T>(): SingleFlight<T> {
  const flights = new Map<string, Flight<T>>();

  function forget(key: string, flight: Flight<T>): void {
    if (flights.get(key) === flight) flights.delete(key);
  }

  function launch(key: string, options: JoinOptions<T>): Flight<T> {
    const controller = new AbortController();
    // Started on the next microtask, and not at all if every waiter left before.
    const promise = Promise.resolve().then(() => {
      controller.signal.throwIfAborted();
      return options.start(controller.signal);
    });
    const flight: Flight<T> = { controller, promise, waiters: 0, done: false };
    const end = (): void => {
      flight.done = true;
      forget(key, flight);
    };
    // Attached before any waiter's handlers, so `done` is set when they run; it also handles the rejection.
    promise.then(
      (value) => (options.finish === undefined ? end() : void options.finish(value).then(end, end)),
      end,
    );
    flights.set(key, flight);
    return flight;
  }

  function join(key: string, options: JoinOptions<T>): FlightTicket<T> {
    const existing = options.fresh === true ? undefined : flights.get(key);
    const flight = existing ?? launch(key, options);
    flight.waiters += 1;
    const { signal } = options;
    let left = false;
    let onAbort = (): void => undefined;
    const leave = (): void => {
      if (left) return;
      left = true;
      signal?.removeEventListener('abort', onAbort);
      flight.waiters -= 1;
      if (flight.waiters === 0 && !flight.done) {
        forget(key, flight);
        flight.controller.abort(new AbortError({ message: 'Every caller of the request left' }));
      }
    };
    const result = new Promise<T>((resolve, reject) => {
      onAbort = () => {
        leave();
        reject(new AbortError({ message: 'The request was aborted' }));
      };
      if (signal?.aborted === true) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      flight.promise.then(resolve, reject);
    });
    return { result, started: existing === undefined, leave };
  }

  return {
    join,
    get size() {
      return flights.size;
    },
  };
}
