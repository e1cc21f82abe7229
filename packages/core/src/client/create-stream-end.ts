/** The end of a stream, which the bulkhead holds the stream's slot until. */
export interface StreamEnd {
  /**
   * Settles (never rejects) once `end()` is called or the stream's signal
   * aborts, and stops listening to the signal then; pass it as the
   * pipeline's `holdSlotUntil`.
   */
  ended(): Promise<void>;
  /** Marks the stream as ended: read to its end, failed or left by its reader. Idempotent. */
  end(): void;
}

/**
 * Creates the end of a stream read on `signal`. The signal's abort ends it
 * too, because a stream cancelled before anyone reads it (the caller's
 * signal, `client.close()`, `stream.controller.abort()`) never runs the code
 * that would call `end()`.
 *
 * @param signal - the signal that cancels the stream's request.
 * @example
 * ```ts
 * const streamEnd = createStreamEnd(signal);
 * const opened = await pipeline.execute(open, { signal, holdSlotUntil: streamEnd.ended });
 * // …and `streamEnd.end()` in the `finally` of the loop that reads `opened`.
 * ```
 */
export function createStreamEnd(signal: AbortSignal): StreamEnd {
  let end = (): void => undefined;
  const ended = new Promise<void>((resolve) => (end = resolve));
  return {
    ended() {
      if (signal.aborted) end();
      else {
        signal.addEventListener('abort', end, { once: true });
        void ended.then(() => signal.removeEventListener('abort', end));
      }
      return ended;
    },
    end: () => end(),
  };
}
