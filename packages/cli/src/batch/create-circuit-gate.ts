import type { CircuitSignals } from './client-circuit-signals.js';

/** How a wait ended: run the row again, give up (the outage outlasted `maxWaitMs`), or stop. */
export type GateOutcome = 'retry' | 'expired' | 'aborted';

/** Options of {@link CircuitGate.wait}. */
export interface GateWaitOptions {
  /**
   * How long the answer asked to wait, in ms: an open circuit's time until its
   * probe, a gateway's `retry-after`.
   */
  retryAfterMs?: number | undefined;
  /** Stops the wait with `aborted` (the run was interrupted). */
  signal?: AbortSignal | undefined;
}

/** Options of {@link createCircuitGate}. */
export interface CircuitGateOptions {
  /** The breaker to follow. */
  signals: CircuitSignals;
  /** How long an outage may last before waiting rows give up, in ms. */
  maxWaitMs: number;
  /** Wait when nothing says how long (the breaker's `halfOpenAfterMs`), in ms. */
  fallbackWaitMs: number;
  /** Clock in milliseconds, injectable for tests. @default Date.now */
  now?: (() => number) | undefined;
}

/** Parks batch rows while the circuit is open; see {@link createCircuitGate}. */
export interface CircuitGate {
  /**
   * Waits until the row may run again: at once when the circuit has closed;
   * as the single probe once it may half-open; for all when it closes; or
   * `expired` once the outage has lasted `maxWaitMs`.
   */
  wait(options?: GateWaitOptions): Promise<GateOutcome>;
  /**
   * A row ended without meeting the circuit (a completion, or a failure of
   * its own). With the circuit closed, whatever outage there was is over.
   * Otherwise, if that row was the one let out to probe and its call never
   * reached the breaker (a cache hit), the next waiting row goes.
   */
  rowEnded(): void;
  /** How many times the circuit has opened so far (a row compares it before and after its call). */
  opens(): number;
  /** Rows waiting now. */
  waiting(): number;
  /** Stops listening and releases every waiting row with `aborted`. */
  dispose(): void;
}

interface Waiter {
  settle(outcome: GateOutcome): void;
}

const MIN_WAIT_MS = 10;

/**
 * The gate rows of a batch wait at while the client's circuit is open,
 * driven by the breaker's events and timers, never by polling: a row that
 * met an open circuit parks; when the circuit may half-open, one parked row
 * is let through as the probe (the others would only be refused); while a
 * probe runs nobody else goes; when the circuit closes, all go. An outage
 * starts with the first open circuit (or the first row that had to wait) and
 * ends when the circuit closes or a row ends with the circuit closed; once
 * it has lasted `maxWaitMs` every waiting row, and every row that meets the
 * open circuit later, gets `expired`. With the circuit closed here (only a
 * gateway's own circuit is open) a row waits the time it was told.
 *
 * @param options - breaker signals, bound, fallback wait and clock.
 */
export function createCircuitGate(options: CircuitGateOptions): CircuitGate {
  const { signals, maxWaitMs } = options;
  const now = options.now ?? Date.now;
  const queue: Waiter[] = [];
  const alone = new Set<Waiter>();
  let outageSince: number | undefined;
  let opens = 0;
  let probeAt: number | undefined;
  // While a probe runs, only its outcome (open or close) moves the gate: no timer lets rows out.
  let probing = false;
  let probeTimer: NodeJS.Timeout | undefined;
  let deadlineTimer: NodeJS.Timeout | undefined;

  const releaseAll = (outcome: GateOutcome): void => {
    for (const waiter of [...queue.splice(0), ...alone]) waiter.settle(outcome);
  };
  const endOutage = (): void => {
    outageSince = undefined;
    probeAt = undefined;
    probing = false;
    clearTimeout(probeTimer);
    clearTimeout(deadlineTimer);
    probeTimer = deadlineTimer = undefined;
    releaseAll('retry');
  };
  const armProbe = (delayMs: number): void => {
    clearTimeout(probeTimer);
    probeTimer = setTimeout(
      () => {
        probeTimer = undefined;
        queue.shift()?.settle('retry');
      },
      Math.max(MIN_WAIT_MS, delayMs),
    );
  };
  const startOutage = (): number => {
    outageSince ??= now();
    if (deadlineTimer === undefined) {
      const delay = Math.max(0, outageSince + maxWaitMs - now());
      deadlineTimer = setTimeout(() => releaseAll('expired'), delay);
    }
    return outageSince + maxWaitMs;
  };

  const stopOpen = signals.onOpen((retryAfterMs) => {
    opens += 1;
    probing = false;
    probeAt = now() + retryAfterMs;
    startOutage();
    if (queue.length > 0) armProbe(retryAfterMs);
  });
  const stopHalfOpen = signals.onHalfOpen(() => {
    probing = true;
    clearTimeout(probeTimer);
    probeTimer = undefined;
  });
  const stopClose = signals.onClose(endOutage);

  const park = (list: 'queue' | 'alone', delayMs: number, signal?: AbortSignal) =>
    new Promise<GateOutcome>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        settle(outcome) {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          alone.delete(waiter);
          resolve(outcome);
        },
      };
      const onAbort = (): void => waiter.settle('aborted');
      signal?.addEventListener('abort', onAbort, { once: true });
      if (list === 'queue') {
        queue.push(waiter);
        if (probeTimer === undefined && !probing) armProbe(delayMs);
      } else {
        alone.add(waiter);
        timer = setTimeout(() => waiter.settle('retry'), Math.max(MIN_WAIT_MS, delayMs));
      }
    });

  return {
    async wait(waitOptions = {}) {
      const { signal } = waitOptions;
      if (signal?.aborted === true) return 'aborted';
      const deadline = startOutage();
      const left = deadline - now();
      if (left <= 0) return 'expired';
      const told = waitOptions.retryAfterMs;
      if (signals.state() === 'closed') {
        // Only a gateway's circuit is open: wait what it said (the deadline may come first).
        return park('alone', told ?? options.fallbackWaitMs, signal);
      }
      // This client's own breaker knows best when its probe may go.
      const untilProbe = probeAt === undefined ? undefined : probeAt - now();
      return park('queue', untilProbe ?? told ?? options.fallbackWaitMs, signal);
    },
    rowEnded() {
      if (signals.state() === 'closed') {
        if (outageSince !== undefined) endOutage();
        return;
      }
      // A call started before the circuit opened may still end: that ends no outage, but
      // the gate must not stall when nothing else will move it.
      if (queue.length > 0 && probeTimer === undefined && !probing) {
        armProbe(probeAt === undefined ? 0 : probeAt - now());
      }
    },
    opens: () => opens,
    waiting: () => queue.length + alone.size,
    dispose() {
      stopOpen();
      stopHalfOpen();
      stopClose();
      clearTimeout(probeTimer);
      clearTimeout(deadlineTimer);
      releaseAll('aborted');
    },
  };
}
