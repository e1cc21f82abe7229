import type { Statement } from 'better-sqlite3';
import type { KeyRecord } from './key-store.js';
import type { SqliteRunner } from './sqlite-runner.js';

/**
 * The SQLite store's key records by key hash, trusted only while no other
 * connection has committed: SQLite's `PRAGMA data_version` changes when
 * another connection (a `bulwark keys revoke`, another gateway on the same
 * file) commits anything, and the store clears the cache on its own key
 * writes. A revoke therefore still takes effect on the very next request,
 * while a request on an unchanged database costs one pragma read instead of
 * a row read and its conversion (docs/keys.md, "Lookups"). Only keys found
 * are kept, so presenting random keys grows nothing.
 */
export class SqliteRecordCache {
  readonly #dataVersion: Statement<[], number>;
  readonly #records = new Map<string, KeyRecord>();
  #version: number | undefined;

  /** @param sql - the store's runner. */
  constructor(sql: SqliteRunner) {
    this.#dataVersion = sql.statement<[], number>('PRAGMA data_version').pluck();
  }

  /**
   * The record of `hash` when the database is as it was when it was kept.
   * Call it inside the store's error handling: it reads the database.
   */
  get(hash: string): KeyRecord | undefined {
    const version = this.#dataVersion.get();
    if (version !== this.#version) {
      this.#records.clear();
      this.#version = version;
      return undefined;
    }
    return this.#records.get(hash);
  }

  /** Keeps the record just read for `hash`. */
  set(hash: string, record: KeyRecord): void {
    this.#records.set(hash, record);
  }

  /** Forgets every record: this store changed a key. */
  clear(): void {
    this.#records.clear();
  }
}
