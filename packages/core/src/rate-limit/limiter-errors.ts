import { AbortError, RateLimitError } from '../errors/errors.js';

/**
 * The local refusal when capacity is too far away: projected beyond
 * `maxWaitMs` at once, or still missing when `maxWaitMs` has passed. Not
 * retryable: the retry step would only queue the call again (docs/errors.md
 * makes only upstream rate limits retryable); `retryAfterMs` says when
 * capacity was expected.
 */
export function waitTooLongError(options: {
  waitMs: number;
  maxWaitMs: number;
  waitedMs?: number | undefined;
}): RateLimitError {
  const { waitMs, maxWaitMs, waitedMs } = options;
  const message =
    waitedMs === undefined
      ? `Rate-limit capacity is about ${Math.ceil(waitMs)} ms away, beyond maxWaitMs (${maxWaitMs} ms); nothing was sent`
      : `No rate-limit capacity within maxWaitMs (${maxWaitMs} ms) after waiting ${Math.round(waitedMs)} ms; nothing was sent`;
  return new RateLimitError({
    message,
    local: true,
    retryable: false,
    retryAfterMs: Math.ceil(waitMs),
  });
}

/** The refusal of a request that needs more than a whole minute's limit: it can never be sent. */
export function neverFitsError(kind: 'requests' | 'tokens', needed: number, limit: number) {
  return new RateLimitError({
    message: `The request needs about ${needed} ${kind}, more than the whole limit of ${limit} ${kind} per minute: it can never be sent. Lower max_tokens (or max_completion_tokens) or the prompt, or raise the limit`,
    local: true,
    retryable: false,
  });
}

/** A wait ended by the caller's signal. */
export function waitAbortedError(signal: AbortSignal): AbortError {
  return new AbortError({
    message: 'The wait for rate-limit capacity was aborted',
    cause: signal.reason,
  });
}

/** A wait ended because the limiter was disposed. */
export function limiterClosedError(): AbortError {
  return new AbortError({ message: 'The rate limiter was closed' });
}
