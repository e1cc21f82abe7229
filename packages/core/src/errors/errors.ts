/**
 * The Bulwark error family: one class per failure, each with a fixed `code`
 * (or the upstream's, for `BadRequestError` and `PermissionDeniedError`), a
 * default retryability and a static `isInstance()` that checks a registered
 * symbol marker, so it holds across copies of the package. The table of
 * codes, retryability and gateway statuses is in docs/errors.md.
 */
import {
  BulwarkError,
  type BulwarkErrorCode,
  type BulwarkErrorOptions,
  type UpstreamErrorCode,
} from './bulwark-error.js';

/** One bad field of a request. */
export interface ValidationIssue {
  /** Path of the field, e.g. `messages.0.role`. */
  path: string;
  /** What is wrong with it. */
  message: string;
}

/** Options of {@link ValidationError}. */
export interface ValidationErrorOptions extends BulwarkErrorOptions {
  /** Every bad field, with its path. */
  issues: readonly ValidationIssue[];
}

const validationErrorMarker = Symbol.for('@bulwark/core/error/ValidationError');

/**
 * The request failed validation before any network I/O (bad role, out-of-range number, malformed tool, …). `issues` lists every bad field with its path. Gateway status 400.
 *
 * Code `invalid_request`; not retryable.
 */
export class ValidationError extends BulwarkError {
  /** Always `invalid_request`. */
  readonly code = 'invalid_request' as const;
  /** @internal */
  private readonly [validationErrorMarker] = true;
  /** Every bad field, with its path. */
  readonly issues: readonly ValidationIssue[];

  /** @param options - message and context of the error. */
  constructor(options: ValidationErrorOptions) {
    super(options, false);
    this.issues = options.issues;
  }

  /**
   * Tells whether `value` is a {@link ValidationError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is ValidationError {
    return BulwarkError.hasMarker(value, validationErrorMarker);
  }
}

const contextLengthExceededErrorMarker = Symbol.for(
  '@bulwark/core/error/ContextLengthExceededError',
);

/**
 * The prompt (plus the requested completion) cannot fit the model's context window: found by the preflight token count, so nothing was sent, or reported by the upstream as a 400 with code `context_length_exceeded`. Gateway status 400.
 *
 * Code `context_length_exceeded`; not retryable.
 */
export class ContextLengthExceededError extends BulwarkError {
  /** Always `context_length_exceeded`. */
  readonly code = 'context_length_exceeded' as const;
  /** @internal */
  private readonly [contextLengthExceededErrorMarker] = true;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, false);
  }

  /**
   * Tells whether `value` is a {@link ContextLengthExceededError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is ContextLengthExceededError {
    return BulwarkError.hasMarker(value, contextLengthExceededErrorMarker);
  }
}

/** Options of {@link BadRequestError}. */
export interface BadRequestErrorOptions extends BulwarkErrorOptions {
  /** The upstream's error code. @default 'invalid_request' */
  code?: BulwarkErrorCode | UpstreamErrorCode | undefined;
}

const badRequestErrorMarker = Symbol.for('@bulwark/core/error/BadRequestError');

/**
 * The upstream refused the request as invalid (HTTP 400, 404, 409 or 422). `code` is the upstream's code, or `invalid_request` when it sent none. Gateway status: the same.
 *
 * Code: the upstream's; not retryable.
 */
export class BadRequestError extends BulwarkError {
  /** The upstream's error code, or `invalid_request` when it sent none. */
  readonly code: BulwarkErrorCode | UpstreamErrorCode;
  /** @internal */
  private readonly [badRequestErrorMarker] = true;

  /** @param options - message and context of the error. */
  constructor(options: BadRequestErrorOptions) {
    super(options, false);
    this.code = options.code ?? 'invalid_request';
  }

  /**
   * Tells whether `value` is a {@link BadRequestError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is BadRequestError {
    return BulwarkError.hasMarker(value, badRequestErrorMarker);
  }
}

const authenticationErrorMarker = Symbol.for('@bulwark/core/error/AuthenticationError');

/**
 * The upstream refused the API key (HTTP 401). At the gateway this is a 502: the gateway's own key is wrong, not the caller's.
 *
 * Code `invalid_api_key`; not retryable.
 */
export class AuthenticationError extends BulwarkError {
  /** Always `invalid_api_key`. */
  readonly code = 'invalid_api_key' as const;
  /** @internal */
  private readonly [authenticationErrorMarker] = true;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, false);
  }

  /**
   * Tells whether `value` is an {@link AuthenticationError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is AuthenticationError {
    return BulwarkError.hasMarker(value, authenticationErrorMarker);
  }
}

/** Options of {@link PermissionDeniedError}. */
export interface PermissionDeniedErrorOptions extends BulwarkErrorOptions {
  /** The upstream's error code. @default 'permission_denied' */
  code?: BulwarkErrorCode | UpstreamErrorCode | undefined;
}

const permissionDeniedErrorMarker = Symbol.for('@bulwark/core/error/PermissionDeniedError');

/**
 * The key may not use this model, organisation or project (HTTP 403). `code` is the upstream's code, or `permission_denied`. Gateway status 502.
 *
 * Code: the upstream's; not retryable.
 */
export class PermissionDeniedError extends BulwarkError {
  /** The upstream's error code, or `permission_denied` when it sent none. */
  readonly code: BulwarkErrorCode | UpstreamErrorCode;
  /** @internal */
  private readonly [permissionDeniedErrorMarker] = true;

  /** @param options - message and context of the error. */
  constructor(options: PermissionDeniedErrorOptions) {
    super(options, false);
    this.code = options.code ?? 'permission_denied';
  }

  /**
   * Tells whether `value` is a {@link PermissionDeniedError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is PermissionDeniedError {
    return BulwarkError.hasMarker(value, permissionDeniedErrorMarker);
  }
}

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

const circuitOpenErrorMarker = Symbol.for('@bulwark/core/error/CircuitOpenError');

/**
 * The circuit breaker is open: the call failed at once without touching the network. `retryAfterMs` is the time until the breaker lets a probe through. Gateway status 503 with `retry-after`.
 *
 * Code `circuit_open`; not retryable.
 */
export class CircuitOpenError extends BulwarkError {
  /** Always `circuit_open`. */
  readonly code = 'circuit_open' as const;
  /** @internal */
  private readonly [circuitOpenErrorMarker] = true;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, false);
  }

  /**
   * Tells whether `value` is a {@link CircuitOpenError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is CircuitOpenError {
    return BulwarkError.hasMarker(value, circuitOpenErrorMarker);
  }
}

const bulkheadRejectedErrorMarker = Symbol.for('@bulwark/core/error/BulkheadRejectedError');

/**
 * The bulkhead is full (`maxConcurrent` in flight and `maxQueue` waiting): the call was rejected at once. Gateway status 503.
 *
 * Code `overloaded`; not retryable.
 */
export class BulkheadRejectedError extends BulwarkError {
  /** Always `overloaded`. */
  readonly code = 'overloaded' as const;
  /** @internal */
  private readonly [bulkheadRejectedErrorMarker] = true;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, false);
  }

  /**
   * Tells whether `value` is a {@link BulkheadRejectedError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is BulkheadRejectedError {
    return BulwarkError.hasMarker(value, bulkheadRejectedErrorMarker);
  }
}

/** Options of {@link SchemaMismatchError}. */
export interface SchemaMismatchErrorOptions extends BulwarkErrorOptions {
  /** The model's last answer, as text. */
  rawText: string;
  /** What the schema (or the JSON parser) found wrong. */
  issues: readonly {
    /** Dotted path of the offending field; empty for the root. */
    path: string;
    /** What the schema says is wrong there. */
    message: string;
  }[];
}

const schemaMismatchErrorMarker = Symbol.for('@bulwark/core/error/SchemaMismatchError');

/**
 * `client.json()` received text that is not JSON or does not match the schema, after the configured corrective re-asks. `rawText` holds the last answer; `issues` the schema's complaints.
 *
 * Code `schema_mismatch`; not retryable.
 */
export class SchemaMismatchError extends BulwarkError {
  /** Always `schema_mismatch`. */
  readonly code = 'schema_mismatch' as const;
  /** @internal */
  private readonly [schemaMismatchErrorMarker] = true;
  /** The model's last answer, as text. */
  readonly rawText: string;
  /** What the schema (or the JSON parser) found wrong. */
  readonly issues: readonly {
    /** Dotted path of the offending field; empty for the root. */
    path: string;
    /** What the schema says is wrong there. */
    message: string;
  }[];

  /** @param options - message and context of the error. */
  constructor(options: SchemaMismatchErrorOptions) {
    super(options, false);
    this.rawText = options.rawText;
    this.issues = options.issues;
  }

  /**
   * Tells whether `value` is a {@link SchemaMismatchError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is SchemaMismatchError {
    return BulwarkError.hasMarker(value, schemaMismatchErrorMarker);
  }
}

const abortErrorMarker = Symbol.for('@bulwark/core/error/AbortError');

/**
 * The caller aborted the call through its `AbortSignal`. Gateway status 499 (client closed request).
 *
 * Code `aborted`; not retryable.
 */
export class AbortError extends BulwarkError {
  /** Always `aborted`. */
  readonly code = 'aborted' as const;
  /** @internal */
  private readonly [abortErrorMarker] = true;

  /** @param options - message and context of the error. */
  constructor(options: BulwarkErrorOptions) {
    super(options, false);
  }

  /**
   * Tells whether `value` is an {@link AbortError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is AbortError {
    return BulwarkError.hasMarker(value, abortErrorMarker);
  }
}

/** One bad setting: the environment variable or option that holds it, and what is wrong. */
export interface ConfigIssue {
  /** The environment variable (e.g. `BULWARK_RPM`) or option path (e.g. `rateLimit.rpm`). */
  name: string;
  /** What is wrong with it. */
  message: string;
}

/** Options of {@link ConfigError}. */
export interface ConfigErrorOptions {
  /** Every bad setting. */
  issues: readonly ConfigIssue[];
  /** Lead-in of the message. @default 'Invalid configuration' */
  message?: string | undefined;
}

const configErrorMarker = Symbol.for('@bulwark/core/error/ConfigError');

/**
 * The configuration is invalid: thrown by `loadConfig()` and `createClient()`
 * before anything is sent. `issues` names every bad variable or option with
 * the reason, and the message lists them all, one per line, e.g.
 * `Invalid configuration:\n- BULWARK_RPM: expected an integer ≥ 0, got "fast"`.
 * Values of secrets never appear.
 *
 * Code `invalid_config`; not retryable.
 */
export class ConfigError extends BulwarkError {
  /** Always `invalid_config`. */
  readonly code = 'invalid_config' as const;
  /** @internal */
  private readonly [configErrorMarker] = true;
  /** Every bad setting. */
  readonly issues: readonly ConfigIssue[];

  /** @param options - the bad settings. */
  constructor(options: ConfigErrorOptions) {
    const lines = options.issues.map((issue) => `- ${issue.name}: ${issue.message}`);
    super(
      { message: [`${options.message ?? 'Invalid configuration'}:`, ...lines].join('\n') },
      false,
    );
    this.issues = options.issues;
  }

  /**
   * Tells whether `value` is a {@link ConfigError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is ConfigError {
    return BulwarkError.hasMarker(value, configErrorMarker);
  }
}

/** The hook lists of `createClient({ hooks })`. */
export type HookListName =
  'beforeRequest' | 'afterResponse' | 'beforeEmbeddings' | 'afterEmbeddings';

/** Options of {@link HookError}. */
export interface HookErrorOptions {
  /** Which hook list failed. */
  hook: HookListName;
  /** Position of the failing hook in its list. */
  index: number;
  /** What the hook threw. Attached as `cause` unchanged: it is the caller's own error. */
  cause: unknown;
}

const hookErrorMarker = Symbol.for('@bulwark/core/error/HookError');

/**
 * A hook (`beforeRequest`, `afterResponse`, `beforeEmbeddings`,
 * `afterEmbeddings`) threw (or rejected): the call fails with this error and
 * the hook's error as `cause`. A failing before hook means nothing was sent.
 *
 * Code `hook_failed`; not retryable.
 */
export class HookError extends BulwarkError {
  /** Always `hook_failed`. */
  readonly code = 'hook_failed' as const;
  /** @internal */
  private readonly [hookErrorMarker] = true;
  /** Which hook list failed. */
  readonly hook: HookListName;
  /** Position of the failing hook in its list. */
  readonly index: number;

  /** @param options - which hook failed and what it threw. */
  constructor(options: HookErrorOptions) {
    super(
      {
        message: `The ${options.hook} hook at index ${options.index} failed`,
        cause: options.cause,
      },
      false,
    );
    this.hook = options.hook;
    this.index = options.index;
  }

  /**
   * Tells whether `value` is a {@link HookError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is HookError {
    return BulwarkError.hasMarker(value, hookErrorMarker);
  }
}
