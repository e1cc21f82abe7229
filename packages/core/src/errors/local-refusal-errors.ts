/**
 * The errors of calls Bulwark itself refused or stopped: an open circuit, a
 * full bulkhead, JSON that fails the caller's schema, the caller's abort.
 * Part of the family listed in `errors.ts` (docs/errors.md).
 */
import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

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
