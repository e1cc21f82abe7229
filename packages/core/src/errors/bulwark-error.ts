/**
 * The brand that marks every Bulwark error. It is a registered symbol, so
 * {@link isBulwarkError} recognises errors thrown by another copy of
 * `@bulwark/core` (two versions in one `node_modules`, or a bundled copy).
 */
export const BULWARK_ERROR_BRAND: unique symbol = Symbol.for('@bulwark/core/error') as never;

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
  /** The underlying error. Scrubbed of secrets before it is attached. */
  cause?: unknown;
}

/**
 * Base class of every error `@bulwark/core` throws (DESIGN §3).
 *
 * Each subclass fixes a stable {@link BulwarkError.code} and a default for
 * {@link BulwarkError.retryable}; callers branch on `code` or on the class,
 * and may retry when `retryable` is true.
 *
 * @example
 * ```ts
 * try {
 *   await client.chat.completions.create(params);
 * } catch (error) {
 *   if (isBulwarkError(error) && error.retryable) scheduleLater(error.retryAfterMs);
 *   else throw error;
 * }
 * ```
 */
export abstract class BulwarkError extends Error {
  /** Stable machine-readable code, e.g. `rate_limit_exceeded`. */
  abstract readonly code: string;
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
    };
  }
}
