import { BulwarkError } from '@bulwark/core';

/**
 * Codes of {@link KeyStoreError}:
 *
 * - `invalid_key_name`: a name that is not 1–64 of `[A-Za-z0-9._-]`;
 * - `invalid_key_limits`: a limit out of range (its field named in the message);
 * - `key_exists`: `create` with a name already taken;
 * - `unknown_key`: no key of that name (never created, or revoked);
 * - `invalid_state_dir`: the state folder or its `bulwark.db` cannot be created or opened;
 * - `unsupported_key_store`: the store was written by a newer Bulwark (its schema
 *   version is above the ones this one knows);
 * - `key_store_unavailable`: the store failed at run time (Redis unreachable, a
 *   disk error, `better-sqlite3` missing).
 */
export type KeyStoreErrorCode =
  | 'invalid_key_name'
  | 'invalid_key_limits'
  | 'key_exists'
  | 'unknown_key'
  | 'invalid_state_dir'
  | 'unsupported_key_store'
  | 'key_store_unavailable';

/** Options of {@link KeyStoreError}. */
export interface KeyStoreErrorOptions {
  /** The code. */
  code: KeyStoreErrorCode;
  /** What went wrong, in one line. Never holds a key, only names and paths. */
  message: string;
  /** The underlying error (a SQLite or Redis failure). */
  cause?: unknown;
}

const keyStoreErrorMarker = Symbol.for('@bulwark/express-adapter/error/KeyStoreError');

/**
 * A failure of the gateway's key store (docs/keys.md), told apart by
 * {@link KeyStoreError.code}. A Bulwark error: `isBulwarkError()` knows it,
 * and {@link KeyStoreError.isInstance} holds across two copies of the package
 * (a registered symbol marker, not `instanceof`). `retryable` is `true` for
 * `key_store_unavailable` only.
 *
 * @example
 * ```ts
 * try {
 *   await store.create('billing');
 * } catch (error) {
 *   if (KeyStoreError.isInstance(error) && error.code === 'key_exists') console.error('taken');
 *   else throw error;
 * }
 * ```
 */
export class KeyStoreError extends BulwarkError {
  /** What went wrong. */
  readonly code: KeyStoreErrorCode;
  /** @internal */
  private readonly [keyStoreErrorMarker] = true;

  /** @param options - code, message and cause. */
  constructor(options: KeyStoreErrorOptions) {
    super(
      { message: options.message, cause: options.cause },
      options.code === 'key_store_unavailable',
    );
    this.code = options.code;
  }

  /**
   * Tells whether `value` is a {@link KeyStoreError}, including one thrown by
   * another copy of `@bulwark/express-adapter`.
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is KeyStoreError {
    return BulwarkError.hasMarker(value, keyStoreErrorMarker);
  }
}
