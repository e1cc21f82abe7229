import { CircuitOpenError, isBulwarkError } from '@bulwark/core';
import { formatDuration } from './format-duration.js';
import type { CircuitGate } from './create-circuit-gate.js';
import type { BatchRowOutcome } from './to-batch-output-line.js';

/** Options of {@link runBatchRow}. */
export interface RunBatchRowOptions<Result extends object> {
  /** One call of the row (the client's `create` with the run's signal). */
  call: () => Promise<Result>;
  /** Where rows wait for an open circuit. */
  gate: CircuitGate;
  /** The `--max-wait` the gate enforces, for the message of a row that gave up. */
  maxWaitMs: number;
  /** The run's interrupt. */
  signal: AbortSignal;
}

/**
 * Runs one batch row and says how it ended, or `undefined` when the run was
 * interrupted (the row is not done and runs again next time). A row that
 * meets an open circuit does not fail: it waits at the gate and runs again,
 * and so does a row whose call was in flight when the circuit opened (it
 * failed with a retryable error, and the circuit opened during the call),
 * and a row a Bulwark gateway answered 503 `circuit_open`. A row fails with `circuit_open` only once the outage has
 * outlasted `maxWaitMs`. Every other failure is the row's outcome at once.
 *
 * @param options - the call, the gate, the bound and the interrupt.
 */
export async function runBatchRow<Result extends object>(
  options: RunBatchRowOptions<Result>,
): Promise<BatchRowOutcome | undefined> {
  const { gate, signal } = options;
  for (;;) {
    const opensBefore = gate.opens();
    try {
      const completion = await options.call();
      gate.rowEnded();
      return { completion };
    } catch (error) {
      if (signal.aborted) return undefined;
      if (!waitsForCircuit(error, gate.opens() > opensBefore)) {
        gate.rowEnded();
        return { error };
      }
      const outcome = await gate.wait({
        retryAfterMs: isBulwarkError(error) ? error.retryAfterMs : undefined,
        signal,
      });
      if (outcome === 'aborted') return undefined;
      if (outcome === 'expired') return { error: gaveUp(error, options.maxWaitMs) };
    }
  }
}

/** Whether a failure is the circuit's: this client's, a gateway's, or one that opened it. */
function waitsForCircuit(error: unknown, openedMeanwhile: boolean): boolean {
  if (!isBulwarkError(error)) return false;
  if (CircuitOpenError.isInstance(error) || error.upstreamCode === 'circuit_open') return true;
  return error.retryable && openedMeanwhile;
}

/** The error a row that waited past `--max-wait` ends with: always `circuit_open`. */
function gaveUp(error: unknown, maxWaitMs: number): unknown {
  if (
    isBulwarkError(error) &&
    (error.code === 'circuit_open' || error.upstreamCode === 'circuit_open')
  ) {
    return error;
  }
  return new CircuitOpenError({
    message: `The circuit breaker stayed open longer than --max-wait (${formatDuration(maxWaitMs)}); the row was not run again`,
    cause: error,
  });
}
