import { setMaxListeners } from 'node:events';

/** Where SIGTERM comes from (a test passes its own). */
export interface TerminateSignals {
  /** Registers a one-time SIGTERM listener. @returns a function that removes it. */
  onTerminate(listener: () => void): () => void;
}

/** A batch run's stop signal: the CLI's interrupt (SIGINT) or SIGTERM. */
export interface BatchInterrupt {
  /** Aborted on either. */
  readonly signal: AbortSignal;
  /** Whether SIGTERM stopped the run. */
  terminated(): boolean;
  /** Stops listening. */
  dispose(): void;
}

const processSignals: TerminateSignals = {
  onTerminate(listener) {
    process.once('SIGTERM', listener);
    return () => process.off('SIGTERM', listener);
  },
};

/**
 * Stops a batch run on SIGINT (the context's signal) or on SIGTERM (what
 * process managers and `timeout` send), so both end with whole lines in the
 * output and a summary of what was not run.
 *
 * @param interrupt - the CLI's interrupt signal.
 * @param signals - where SIGTERM comes from. @default the process
 */
export function createBatchInterrupt(
  interrupt: AbortSignal,
  signals: TerminateSignals = processSignals,
): BatchInterrupt {
  let terminated = false;
  const controller = new AbortController();
  // Every call in flight listens to it (a batch runs many at once).
  setMaxListeners(0, controller.signal);
  const onInterrupt = (): void => controller.abort(interrupt.reason);
  if (interrupt.aborted) onInterrupt();
  else interrupt.addEventListener('abort', onInterrupt, { once: true });
  const stopListening = signals.onTerminate(() => {
    terminated = true;
    controller.abort(new Error('SIGTERM'));
  });
  return {
    signal: controller.signal,
    terminated: () => terminated,
    dispose() {
      interrupt.removeEventListener('abort', onInterrupt);
      stopListening();
    },
  };
}
