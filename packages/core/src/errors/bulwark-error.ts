/**
 * The brand that marks every Bulwark error. It is a registered symbol, so
 * {@link BulwarkError.isInstance} recognises errors thrown by another copy of
 * `@bulwark/core` (two versions in one `node_modules`, or a bundled copy).
 */
export const BULWARK_ERROR_BRAND: unique symbol = Symbol.for('@bulwark/core/error') as never;

/**
 * Every code `@bulwark/core` sets itself. `BadRequestError` and
 * `PermissionDeniedError` may instead carry the upstream's own code
 * ({@link UpstreamErrorCode}).
 */
export type BulwarkErrorCode =
  | 'invalid_request'
  | 'context_length_exceeded'
  | 'invalid_api_key'
  | 'permission_denied'
  | 'insufficient_quota'
  | 'rate_limit_exceeded'
  | 'server_error'
  | 'timeout'
  | 'connection_error'
  | 'stream_truncated'
  | 'circuit_open'
  | 'overloaded'
  | 'schema_mismatch'
  | 'aborted'
  | 'invalid_config'
  | 'hook_failed';

/**
 * A code the upstream sent, passed through unchanged by `BadRequestError` and
 * `PermissionDeniedError` (e.g. `model_not_found`). Any string; the
 * `& {}` keeps editors suggesting the {@link BulwarkErrorCode} literals.
 */
export type UpstreamErrorCode = string & {};

/** Options shared by every {@link BulwarkError} constructor. */
export interface BulwarkErrorOptions {
  /** Human-readable message. Never contains the API key. */
  message: string;
  /** HTTP status of the upstream response, when there was one. */
  status?: number | undefined;
  /**
   * Whether repeating the same request may succeed. Overrides the class
   * default; an upstream `x-should-retry: false` forces `false`.
   */
  retryable?: boolean | undefined;
  /** The upstream `x-request-id`, when known. */
  requestId?: string | undefined;
  /** How long the upstream asked to wait before retrying, in milliseconds. */
  retryAfterMs?: number | undefined;
  /** The request field the error is about (OpenAI's `param`). */
  param?: string | undefined;
  /**
   * The `error.code` of the upstream's answer, as sent, when it sent one
   * (e.g. a gateway's `caller_rate_limit_exceeded` or `circuit_open`).
   */
  upstreamCode?: string | undefined;
  /** The underlying error. Scrubbed of secrets before it is attached. */
  cause?: unknown;
}

/**
 * Base class of every error `@bulwark/core` throws (see docs/errors.md).
 *
 * Each subclass fixes a stable {@link BulwarkError.code} and a default for
 * {@link BulwarkError.retryable}; callers branch on `code` or on the class's
 * static `isInstance()`, and may retry when `retryable` is true. `isInstance`
 * checks a registered symbol marker rather than the prototype chain, so it
 * also recognises errors from another copy of the package, where
 * `instanceof` would not. `name` is for display only.
 *
 * @example
 * ```ts
 * try {
 *   await client.chat.completions.create(params);
 * } catch (error) {
 *   if (BulwarkError.isInstance(error) && error.retryable) scheduleLater(error.retryAfterMs);
 *   else throw error;
 * }
 * ```
 */
export abstract class BulwarkError extends Error {
  /** Stable machine-readable code, e.g. `rate_limit_exceeded`. */
  abstract readonly code: BulwarkErrorCode | UpstreamErrorCode;
  /** HTTP status of the upstream response, when there was one. */
  readonly status: number | undefined;
  /** Whether repeating the same request may succeed. */
  readonly retryable: boolean;
  /** The upstream `x-request-id`, when known. */
  readonly requestId: string | undefined;
  /** How long the upstream asked to wait before retrying, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** The request field the error is about, when known. */
  readonly param: string | undefined;
  /**
   * The `error.code` of the upstream's answer, as sent, when it sent one.
   * `code` is Bulwark's classification (a 429 is `rate_limit_exceeded`
   * whatever its body said); this keeps the upstream's own word, e.g. a
   * Bulwark gateway's `caller_rate_limit_exceeded`, `budget_exceeded` or
   * `circuit_open`, for whoever reports the failure on (a batch output line).
   */
  readonly upstreamCode: string | undefined;
  /** @internal */
  readonly [BULWARK_ERROR_BRAND] = true;

  /**
   * @param options - message, status, retryability and context of the error.
   * @param defaultRetryable - the class's own retryability when `options` says nothing.
   */
  protected constructor(options: BulwarkErrorOptions, defaultRetryable: boolean) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = options.status;
    this.retryable = options.retryable ?? defaultRetryable;
    this.requestId = options.requestId;
    this.retryAfterMs = options.retryAfterMs;
    this.param = options.param;
    this.upstreamCode = options.upstreamCode;
  }

  /**
   * Tells whether `value` is a Bulwark error, including one thrown by another
   * copy of the package.
   *
   * @param value - anything caught.
   * @returns `true` when `value` carries the Bulwark error brand.
   */
  static isInstance(value: unknown): value is BulwarkError {
    return BulwarkError.hasMarker(value, BULWARK_ERROR_BRAND);
  }

  /**
   * Tells whether `value` is a Bulwark error that also carries `marker`, the
   * registered symbol `Symbol.for('@bulwark/core/error/<ClassName>')` of one
   * class; the subclasses' `isInstance` build on it.
   *
   * @param value - anything caught.
   * @param marker - the registered symbol of one error class.
   * @returns `true` when `value` carries both the brand and `marker`.
   */
  protected static hasMarker(value: unknown, marker: symbol): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as Record<symbol, unknown>)[BULWARK_ERROR_BRAND] === true &&
      (value as Record<symbol, unknown>)[marker] === true
    );
  }

  /** A JSON view without the stack or the cause chain, safe to log or return. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      retryable: this.retryable,
      requestId: this.requestId,
      retryAfterMs: this.retryAfterMs,
      param: this.param,
      upstreamCode: this.upstreamCode,
    };
  }
}

/**
 * Tells whether `value` is an error thrown by `@bulwark/core`, including one
 * thrown by another copy of the package (it checks a registered symbol brand,
 * not `instanceof`). The same as {@link BulwarkError.isInstance}.
 *
 * @param value - anything caught.
 * @returns `true` when `value` is a {@link BulwarkError}.
 */
export function isBulwarkError(value: unknown): value is BulwarkError {
  return BulwarkError.isInstance(value);
}
