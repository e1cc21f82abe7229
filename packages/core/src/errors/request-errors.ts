/**
 * The errors of a request that cannot succeed as it is: refused before any
 * I/O (validation, preflight) or by the upstream (400, 401, 403). Part of the
 * family listed in `errors.ts` (docs/errors.md).
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
