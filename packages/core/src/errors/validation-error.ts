import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

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

/**
 * The request failed validation before any network I/O (bad role, out-of-range number, malformed tool, …). `issues` lists every bad field with its path. Gateway status 400.
 *
 * Code `invalid_request`; not retryable.
 */
export class ValidationError extends BulwarkError {
  /** Always `invalid_request`. */
  readonly code = 'invalid_request' as const;
  /** Every bad field, with its path. */
  readonly issues: readonly ValidationIssue[];

  /** @param options - message and context of the error. */
  constructor(options: ValidationErrorOptions) {
    super(options, false);
    this.issues = options.issues;
  }
}
