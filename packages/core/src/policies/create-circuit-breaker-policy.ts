import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { CircuitOpenError } from '../errors/errors.js';
import { isBulwarkError } from '../errors/bulwark-error.js';
import { createListenerSet } from './create-listener-set.js';
import { isUpstreamUnhealthy } from './is-upstream-unhealthy.js';

/** State of the circuit, as `health()` reports it. */
export type CircuitStateName = 'closed' | 'open' | 'half-open';

/** What a `circuitOpen` listener receives. */
export interface CircuitOpenEvent {
  /** The failure that opened (or re-opened) the circuit. */
  error: unknown;
  /** How long until a probe may go through, in milliseconds. */
  retryAfterMs: number;
}

/** Options of {@link createCircuitBreakerPolicy}. */
export interface CreateCircuitBreakerPolicyOptions {
  /** Consecutive unhealthy failures that open the circuit. */
  threshold: number;
  /** How long the circuit stays open before one probe may go through, in milliseconds. */
  halfOpenAfterMs: number;
}

/** The circuit breaker step of the resilience pipeline. */
export interface CircuitBreakerStep {
  /**
   * Runs `attempt` unless the circuit is open.
   *
   * @param attempt - the guarded work; receives `signal`.
   * @param signal - passed through to `attempt`.
   * @throws CircuitOpenError at once, without calling `attempt`, while the
   * circuit is open (`retryAfterMs`: time until half-open) or while the
   * half-open probe is in flight (`retryAfterMs` unknown).
   */
  execute<T>(attempt: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T>;
  /**
   * The circuit's state. An open circuit whose `halfOpenAfterMs` has passed
   * reads `half-open`: the next call is the probe. (cockatiel moves to
   * half-open only when that call arrives; a readiness check that waited for
   * it would never see the circuit recover without traffic.)
   */
  state(): CircuitStateName;
  /** `true` while the circuit is closed (calls flow normally). */
  isClosed(): boolean;
  /** Listens to the circuit opening. @returns a function that removes the listener. */
  onOpen(listener: (event: CircuitOpenEvent) => void): () => void;
  /** Listens to a probe starting. @returns a function that removes the listener. */
  onHalfOpen(listener: () => void): () => void;
  /** Listens to the circuit closing again. @returns a function that removes the listener. */
  onClose(listener: () => void): () => void;
  /** Removes every listener. */
  dispose(): void;
}

function isAbort(error: unknown): boolean {
  return isBulwarkError(error) && error.code === 'aborted';
}

/**
 * Creates the circuit breaker step on cockatiel's `CircuitBreakerPolicy` with
 * a `ConsecutiveBreaker`:
 *
 * - only {@link isUpstreamUnhealthy} failures count; `threshold` of them in a
 *   row open the circuit. A success resets the count; any other failure (a
 *   400, a quota error, an abort) neither counts nor resets it, since it says
 *   nothing about the upstream's health.
 * - while open, calls fail at once with `CircuitOpenError` and nothing is sent.
 * - after `halfOpenAfterMs` the next call is the single probe; calls arriving
 *   while it runs fail fast with `CircuitOpenError` (cockatiel would make them
 *   wait for the probe, which piles up callers behind a possibly dead upstream).
 *   A successful probe closes the circuit; an unhealthy failure re-opens it; so
 *   does a probe the caller aborted, which proved nothing. A probe refused for
 *   another reason (a 400) closes it: the upstream answered.
 *
 * @example
 * ```ts
 * const breaker = createCircuitBreakerPolicy({ threshold: 5, halfOpenAfterMs: 30_000 });
 * breaker.onOpen(({ retryAfterMs }) => alert(`upstream down, probing in ${retryAfterMs} ms`));
 * await breaker.execute((signal) => send(request, signal), signal);
 * ```
 */
export function createCircuitBreakerPolicy(
  options: CreateCircuitBreakerPolicyOptions,
): CircuitBreakerStep {
  const { halfOpenAfterMs } = options;
  const opens = createListenerSet<CircuitOpenEvent>();
  const halfOpens = createListenerSet<undefined>();
  const closes = createListenerSet<undefined>();
  let openedAt = 0;

  const policy: CircuitBreakerPolicy = circuitBreaker(
    handleWhen(
      (error) =>
        isUpstreamUnhealthy(error) || (policy.state === CircuitState.HalfOpen && isAbort(error)),
    ),
    { halfOpenAfter: halfOpenAfterMs, breaker: new ConsecutiveBreaker(options.threshold) },
  );

  const millisecondsUntilHalfOpen = (): number =>
    Math.max(0, openedAt + halfOpenAfterMs - Date.now());

  // cockatiel keeps its open time private; the remaining time is needed for
  // `CircuitOpenError.retryAfterMs`, so it is recorded as the circuit opens.
  policy.onBreak((reason) => {
    openedAt = Date.now();
    opens.emit({ error: 'error' in reason ? reason.error : reason, retryAfterMs: halfOpenAfterMs });
  });
  policy.onHalfOpen(() => halfOpens.emit(undefined));
  policy.onReset(() => closes.emit(undefined));

  const openError = (retryAfterMs: number | undefined): CircuitOpenError =>
    new CircuitOpenError({
      message:
        retryAfterMs === undefined
          ? 'The circuit breaker is half-open and its probe is in flight; the call was not sent'
          : `The circuit breaker is open; the call was not sent. A probe may go through in ${retryAfterMs} ms`,
      retryAfterMs,
    });

  /** A call while the circuit is open or testing: refused, or its broken-circuit error mapped. */
  async function executeNotClosed<T>(
    attempt: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal,
  ): Promise<T> {
    if (policy.state === CircuitState.HalfOpen) throw openError(undefined);
    try {
      return await policy.execute(({ signal: policySignal }) => attempt(policySignal), signal);
    } catch (error) {
      if (isBrokenCircuitError(error)) {
        throw openError(millisecondsUntilHalfOpen());
      }
      throw error;
    }
  }

  return {
    execute(attempt, signal) {
      // Closed (the usual state): cockatiel runs the attempt and cannot answer a broken
      // circuit, so there is nothing to map and no step of our own around it.
      if (policy.state === CircuitState.Closed) {
        return policy.execute(({ signal: policySignal }) => attempt(policySignal), signal);
      }
      return executeNotClosed(attempt, signal);
    },
    state() {
      switch (policy.state) {
        case CircuitState.Closed:
          return 'closed';
        case CircuitState.HalfOpen:
          return 'half-open';
        default:
          return millisecondsUntilHalfOpen() > 0 ? 'open' : 'half-open';
      }
    },
    isClosed: () => policy.state === CircuitState.Closed,
    onOpen: (listener) => opens.add(listener),
    onHalfOpen: (listener) => halfOpens.add(() => listener()),
    onClose: (listener) => closes.add(() => listener()),
    dispose() {
      opens.clear();
      halfOpens.clear();
      closes.clear();
    },
  };
}
