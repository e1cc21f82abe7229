import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { KeyStore } from './key-store.js';
import { KeyStoreError } from './key-store-error.js';
import { migrateSqlite } from './sqlite-migrations.js';
import { SqliteKeyStore } from './sqlite-key-store.js';

/** The file of the SQLite store, in the state folder. */
export const SQLITE_KEY_STORE_FILE = 'bulwark.db';

/** Options of {@link openSqliteKeyStore}. */
export interface SqliteKeyStoreOptions {
  /** The state folder (`BULWARK_STATE_DIR`); created (mode 700) when missing. */
  stateDir: string;
  /** The clock. @default Date.now */
  now?: (() => number) | undefined;
  /** How long a write waits for another process's lock before failing, in ms. @default 5000 */
  busyTimeoutMs?: number | undefined;
}

type DatabaseConstructor = typeof BetterSqlite3;

let loaded: Promise<DatabaseConstructor> | undefined;

// Loaded on first use only: a gateway without store keys never loads the native module.
async function loadSqlite(): Promise<DatabaseConstructor> {
  loaded ??= import('better-sqlite3').then((module) => module.default);
  try {
    return await loaded;
  } catch (error) {
    loaded = undefined;
    throw new KeyStoreError({
      code: 'key_store_unavailable',
      message: `The SQLite key store needs better-sqlite3, which failed to load (${(error as Error).message})`,
      cause: error,
    });
  }
}

function stateDirError(stateDir: string, error: unknown): KeyStoreError {
  const { code, message } = error as { code?: string; message?: string };
  return new KeyStoreError({
    code: 'invalid_state_dir',
    message: `Cannot open the key store in ${stateDir} (BULWARK_STATE_DIR): ${code ?? message ?? String(error)}`,
    cause: error,
  });
}

/**
 * Opens (creating when missing) the SQLite key store `bulwark.db` in
 * `stateDir`: WAL mode, a busy timeout for the other processes on the same
 * file, and the schema migrated to the latest version (docs/keys.md).
 * `better-sqlite3` is imported on the first call.
 *
 * @param options - the folder, clock and lock timeout.
 * @returns the store; `close()` it when done.
 * @throws {@link KeyStoreError} `invalid_state_dir` (the folder or file cannot
 * be created or opened, or is not a database), `unsupported_key_store` (written
 * by a newer version), `key_store_unavailable` (`better-sqlite3` missing).
 * @example
 * ```ts
 * const store = await openSqliteKeyStore({ stateDir: '.bulwark' });
 * const { key } = await store.create('billing', { budgetUsd: 50, budgetPeriod: 'month' });
 * ```
 */
export async function openSqliteKeyStore(options: SqliteKeyStoreOptions): Promise<KeyStore> {
  const Database = await loadSqlite();
  try {
    mkdirSync(options.stateDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw stateDirError(options.stateDir, error);
  }
  let db: InstanceType<DatabaseConstructor>;
  try {
    db = new Database(join(options.stateDir, SQLITE_KEY_STORE_FILE), {
      timeout: options.busyTimeoutMs ?? 5000,
    });
  } catch (error) {
    throw stateDirError(options.stateDir, error);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // A checkpoint flushes the disk inside the event loop: one every 10,000 pages (about 40 MB of
    // journal) rather than SQLite's 1,000 keeps a busy gateway from stalling on them.
    db.pragma('wal_autocheckpoint = 10000');
    migrateSqlite(db);
  } catch (error) {
    db.close();
    if ((error as { code?: string }).code === 'unsupported') {
      throw new KeyStoreError({
        code: 'unsupported_key_store',
        message: `The key store in ${options.stateDir} was written by a newer Bulwark (${(error as Error).message})`,
      });
    }
    throw stateDirError(options.stateDir, error);
  }
  const store = new SqliteKeyStore(db, options.now);
  store.prune();
  return store;
}
