import { EventEmitter } from 'node:events';

/**
 * The abort of one attempt, cheap when nothing aborts it (the usual case):
 * an `EventEmitter` with `aborted`, `reason` and an `'abort'` event, which
 * undici takes as a request's `signal`, and a real `AbortSignal` created
 * only when {@link AttemptAbort.signal} is read. On Node 20 creating an
 * `AbortSignal` and adding its first listener cost some 20 µs; an emitter
 * and a listener on it a small fraction of that.
 *
 * @example
 * ```ts
 * const abort = new AttemptAbort();
 * await dispatcher.request({ ...options, signal: abort }); // no AbortSignal made
 * abort.abort(new TimeoutError({ message: 'too slow' }));
 * ```
 */
export class AttemptAbort extends EventEmitter {
  /** Whether the attempt was aborted. */
  aborted = false;
  /** Why, once aborted: what was passed to {@link AttemptAbort.abort}, else an `AbortError` `DOMException`. */
  reason: unknown = undefined;
  #controller: AbortController | undefined;

  /** The same abort as an `AbortSignal`, made on first read (already aborted if the attempt is). */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort(this.reason);
    }
    return this.#controller.signal;
  }

  /**
   * Aborts the attempt: sets `aborted` and `reason`, aborts the signal if it
   * was made, emits `'abort'`. Later calls do nothing.
   *
   * @param reason - why; without one, an `AbortError` `DOMException` (as `AbortController.abort()`).
   */
  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    this.#controller?.abort(this.reason);
    this.emit('abort');
  }
}
