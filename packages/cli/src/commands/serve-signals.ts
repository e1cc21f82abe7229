/** Signals that end the server gracefully, besides the context's (SIGINT). */
export interface ServeSignals {
  /** Registers a one-time SIGTERM handler. @default process.once('SIGTERM') */
  onTerminate(listener: () => void): () => void;
}

// SIGINT reaches commands as the context's signal; SIGTERM (what process
// managers send) is only meaningful for this long-running command.
/** SIGTERM of this process. */
export const processSignals: ServeSignals = {
  onTerminate(listener) {
    process.once('SIGTERM', listener);
    return () => process.off('SIGTERM', listener);
  },
};
