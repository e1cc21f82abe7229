import { BulwarkError, type BulwarkErrorOptions } from './bulwark-error.js';

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

/**
 * `client.json()` received text that is not JSON or does not match the schema, after the configured corrective re-asks. `rawText` holds the last answer; `issues` the schema's complaints.
 *
 * Code `schema_mismatch`; not retryable.
 */
export class SchemaMismatchError extends BulwarkError {
  /** Always `schema_mismatch`. */
  readonly code = 'schema_mismatch' as const;
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
}
