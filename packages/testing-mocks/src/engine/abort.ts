/**
 * The error a standard `fetch` rejects with when its signal aborts.
 * @internal
 */
export function createAbortError(): DOMException {
  return new DOMException('This operation was aborted', 'AbortError');
}

/**
 * Whether `error` is the rejection of an aborted standard `fetch` or body read:
 * a `DOMException` whose legacy code is `ABORT_ERR`.
 * @internal
 */
export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.code === DOMException.ABORT_ERR;
}

/**
 * Resolves when `signal` aborts; never settles otherwise and holds no timer,
 * so a hung request costs nothing until its caller gives up.
 * @internal
 */
export function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * Waits `ms` milliseconds; rejects with an `AbortError` (and clears its timer)
 * as soon as `signal` aborts.
 * @internal
 */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(createAbortError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(createAbortError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
