/**
 * Waits `delayMs` milliseconds, or less if `signal` aborts first: then it
 * rejects with the signal's reason and clears its timer, so an aborted wait
 * leaves nothing behind. cockatiel's own retry sleep (3.2.1) ignores the
 * signal, hence this helper.
 *
 * @param delayMs - how long to wait.
 * @param signal - cancels the wait.
 * @throws the signal's `reason` when it aborts before the delay ends.
 */
export function abortableDelay(delayMs: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as unknown);
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason as unknown);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, delayMs);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
