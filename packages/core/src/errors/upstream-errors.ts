/**
 * The errors of an upstream that could not answer now: out of quota, rate
 * limited, failing, slow, unreachable, or a stream cut short. Part of the
 * family listed in `errors.ts` (docs/errors.md).
 */
import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

const quotaExceededErrorMarker = Symbol.for('@bulwark/core/error/QuotaExceededError');

/**
 * The account is out of credit or over its billing limit (HTTP 429 with `insufficient_quota` or a billing code). Never retryable: waiting does not help. Gateway status 429.
 *
 * Code `insufficient_quota`; not retryable.
 */
export class QuotaExceededError extends BulwarkError {
  /** Always `insufficient_quota`. */
  readonly code = 'insufficient_quota' as const;
  /** @internal */
  private readonly [quotaExceededErrorMarker] = true;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, false);
  }

  /**
   * Tells whether `value` is a {@link QuotaExceededError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is QuotaExceededError {
    return BulwarkError.hasMarker(value, quotaExceededErrorMarker);
  }
}

/** Options of {@link RateLimitError}. */
export interface RateLimitErrorOptions extends BulwarkErrorOptions {
  /** `true` when the local limiter refused the call and nothing was sent. @default false */
  local?: boolean | undefined;
}

const rateLimitErrorMarker = Symbol.for('@bulwark/core/error/RateLimitError');

/**
 * Too many requests or tokens: an upstream 429 `rate_limit_exceeded` (retryable, with `retryAfterMs`), or the local limiter could not grant capacity within `maxWaitMs` (then `local` is true and nothing was sent). Gateway status 429 with `retry-after`.
 *
 * Code `rate_limit_exceeded`; retryable by default.
 */
export class RateLimitError extends BulwarkError {
  /** Always `rate_limit_exceeded`. */
  readonly code = 'rate_limit_exceeded' as const;
  /** @internal */
  private readonly [rateLimitErrorMarker] = true;
  /** `true` when the local limiter refused the call and nothing was sent. */
  readonly local: boolean;

  /** @param options - message and context of the error. */
  constructor(options: RateLimitErrorOptions) {
    super(options, true);
    this.local = options.local ?? false;
  }

  /**
   * Tells whether `value` is a {@link RateLimitError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is RateLimitError {
    return BulwarkError.hasMarker(value, rateLimitErrorMarker);
  }
}

const serverErrorMarker = Symbol.for('@bulwark/core/error/ServerError');

/**
 * The upstream failed (HTTP 5xx). Retryable. Gateway status 502.
 *
 * Code `server_error`; retryable by default.
 */
export class ServerError extends BulwarkError {
  /** Always `server_error`. */
  readonly code = 'server_error' as const;
  /** @internal */
  private readonly [serverErrorMarker] = true;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, true);
  }

  /**
   * Tells whether `value` is a {@link ServerError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is ServerError {
    return BulwarkError.hasMarker(value, serverErrorMarker);
  }
}

const timeoutErrorMarker = Symbol.for('@bulwark/core/error/TimeoutError');

/**
 * An attempt (or the overall deadline) ran out of time, or the upstream answered 408. Retryable. Gateway status 504.
 *
 * Code `timeout`; retryable by default.
 */
export class TimeoutError extends BulwarkError {
  /** Always `timeout`. */
  readonly code = 'timeout' as const;
  /** @internal */
  private readonly [timeoutErrorMarker] = true;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, true);
  }

  /**
   * Tells whether `value` is a {@link TimeoutError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is TimeoutError {
    return BulwarkError.hasMarker(value, timeoutErrorMarker);
  }
}

const connectionErrorMarker = Symbol.for('@bulwark/core/error/ConnectionError');

/**
 * The upstream could not be reached or the connection broke (DNS, refused, reset). Retryable. Gateway status 502.
 *
 * Code `connection_error`; retryable by default.
 */
export class ConnectionError extends BulwarkError {
  /** Always `connection_error`. */
  readonly code = 'connection_error' as const;
  /** @internal */
  private readonly [connectionErrorMarker] = true;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, true);
  }

  /**
   * Tells whether `value` is a {@link ConnectionError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is ConnectionError {
    return BulwarkError.hasMarker(value, connectionErrorMarker);
  }
}

const streamTruncatedErrorMarker = Symbol.for('@bulwark/core/error/StreamTruncatedError');

/**
 * A stream ended without `[DONE]` or without a `finish_reason`. Retryable only while no chunk has reached the caller. At the gateway: an SSE error event.
 *
 * Code `stream_truncated`; retryable by default.
 */
export class StreamTruncatedError extends BulwarkError {
  /** Always `stream_truncated`. */
  readonly code = 'stream_truncated' as const;
  /** @internal */
  private readonly [streamTruncatedErrorMarker] = true;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, true);
  }

  /**
   * Tells whether `value` is a {@link StreamTruncatedError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is StreamTruncatedError {
    return BulwarkError.hasMarker(value, streamTruncatedErrorMarker);
  }
}
