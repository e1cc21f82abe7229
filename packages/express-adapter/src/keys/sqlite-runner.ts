import type { Database, Statement, Transaction } from 'better-sqlite3';
import { KeyStoreError } from './key-store-error.js';

/**
 * How a unit of work runs: one statement (no transaction of its own: a
 * statement is one snapshot already), a read (one snapshot), a write, or a
 * durable write.
 */
export type SqliteMode = 'statement' | 'read' | 'write' | 'durable';

/**
 * Runs the SQLite store's work on its database: prepared statements made
 * once, and each unit of work in one transaction.
 */
export class SqliteRunner {
  readonly #db: Database;
  readonly #statements = new Map<string, Statement>();
  // Made once: better-sqlite3 builds a wrapper with its four variants on every `transaction()` call.
  readonly #transaction: Transaction<(body: () => unknown) => unknown>;

  /** @param db - an open, migrated database. */
  constructor(db: Database) {
    this.#db = db;
    this.#transaction = db.transaction((body: () => unknown) => body());
  }

  /** The database, to close it. */
  get db(): Database {
    return this.#db;
  }

  /** The prepared statement of `source`, prepared once. */
  statement<Parameters extends unknown[] = unknown[], Row = unknown>(
    source: string,
  ): Statement<Parameters, Row> {
    let statement = this.#statements.get(source);
    if (statement === undefined) {
      statement = this.#db.prepare(source);
      this.#statements.set(source, statement);
    }
    return statement as Statement<Parameters, Row>;
  }

  /**
   * Runs `body` as is (`statement`), as a read (one snapshot, no lock), or in one
   * `BEGIN IMMEDIATE` transaction, committed with `synchronous=FULL` when
   * `durable`; turns SQLite's failures into `key_store_unavailable`.
   */
  run<Result>(mode: SqliteMode, body: () => Result): Result {
    try {
      if (mode === 'statement') return body();
      if (mode === 'read') return this.#transaction.deferred(body) as Result;
      if (mode === 'write') return this.#transaction.immediate(body) as Result;
      this.#db.pragma('synchronous = FULL');
      try {
        return this.#transaction.immediate(body) as Result;
      } finally {
        this.#db.pragma('synchronous = NORMAL');
      }
    } catch (error) {
      if (KeyStoreError.isInstance(error)) throw error;
      const { code, message } = error as { code?: string; message?: string };
      throw new KeyStoreError({
        code: 'key_store_unavailable',
        message: `The key store failed (${code ?? 'error'}: ${message ?? String(error)})`,
        cause: error,
      });
    }
  }
}
