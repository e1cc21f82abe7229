import { createAbortError } from '../engine/abort.js';
import { createFetchFailedError, MockConnectionResetError } from '../engine/connection-reset.js';

/** A standard `fetch` function, as the `openai` SDK's `fetch` option expects. */
export type MockFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * Wraps the engine in a `fetch` that behaves like undici's: it rejects with
 * an `AbortError` when the signal aborts before the response, and with
 * `TypeError('fetch failed')` (cause `ECONNRESET`) on a connection reset.
 * @internal
 */
export function createMockFetch(handle: (request: Request) => Promise<Response>): MockFetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const { signal } = request;
    if (signal.aborted) throw createAbortError();
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(createAbortError());
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([handle(request), aborted]);
    } catch (error) {
      if (error instanceof MockConnectionResetError) throw createFetchFailedError();
      throw error;
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  };
}
