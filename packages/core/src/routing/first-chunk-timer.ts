import { TimeoutError } from '../errors/errors.js';
import type { AttemptAbort } from '../policies/attempt-abort.js';
import { markFirstChunkTimeout } from './fallback-reason.js';

/**
 * Bounds one streaming attempt's time to its first content
 * (`firstChunkTimeoutMs` of the routes): when it passes, the attempt is
 * aborted with a non-retryable {@link TimeoutError} marked as a first-chunk
 * timeout, so the call falls over to the next deployment at once.
 */
export class FirstChunkTimer {
  /** The timeout, once it fired. */
  fired: TimeoutError | undefined;
  readonly #timer: NodeJS.Timeout;

  /**
   * @param timeoutMs - how long the attempt may take to its first content.
   * @param abort - the attempt's abort.
   */
  constructor(timeoutMs: number, abort: AttemptAbort) {
    this.#timer = setTimeout(() => {
      this.fired = markFirstChunkTimeout(
        new TimeoutError({
          message: `No content within firstChunkTimeoutMs (${timeoutMs} ms)`,
          retryable: false,
        }),
      );
      abort.abort(this.fired);
    }, timeoutMs);
  }

  /** Stops the clock: the content arrived, or the attempt ended otherwise. */
  clear(): void {
    clearTimeout(this.#timer);
  }
}
