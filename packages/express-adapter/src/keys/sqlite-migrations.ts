/**
 * The SQLite store's schema, as the migrations that build it: migration `n`
 * (1-based) takes a database from version `n − 1` to `n`; the version is
 * `PRAGMA user_version`. Append, never edit: a file written by any earlier
 * version must migrate to the latest (the tests open a version-1 file).
 */
export const SQLITE_MIGRATIONS: readonly string[] = [
  // 1: keys (by name, and by the SHA-256 of the key) and their settled spend per window.
  `CREATE TABLE keys (
     name TEXT PRIMARY KEY,
     id TEXT NOT NULL,
     key_hash TEXT NOT NULL UNIQUE,
     rpm INTEGER,
     tpm INTEGER,
     budget_nano INTEGER,
     budget_period TEXT NOT NULL,
     models TEXT,
     expires_at INTEGER,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     last_used_at INTEGER
   ) STRICT;
   CREATE TABLE spend (
     name TEXT NOT NULL,
     period TEXT NOT NULL,
     spend_nano INTEGER NOT NULL,
     PRIMARY KEY (name, period)
   ) STRICT;`,
  // 2: budgets by reserve, then settle: the money set aside for calls in flight.
  `CREATE TABLE reservations (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     amount_nano INTEGER NOT NULL,
     expires_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX reservations_by_key ON reservations (name, expires_at);`,
];

/** What {@link migrateSqlite} needs of a `better-sqlite3` database. */
export interface MigratableDatabase {
  pragma(source: string, options?: { simple?: boolean }): unknown;
  exec(source: string): unknown;
  transaction<Body extends () => void>(body: Body): { immediate(): void };
}

/**
 * Brings a database to the latest schema version, in one `BEGIN IMMEDIATE`
 * transaction: the version is read inside it, so two processes opening one
 * file at once never both migrate.
 *
 * @param db - the database.
 * @returns the version the file had before.
 * @throws an `Error` with `code` `'unsupported'` when the file's version is
 * newer than {@link SQLITE_MIGRATIONS} knows (written by a newer Bulwark).
 */
export function migrateSqlite(db: MigratableDatabase): number {
  let before = 0;
  db.transaction(() => {
    before = Number(db.pragma('user_version', { simple: true }));
    if (before > SQLITE_MIGRATIONS.length) {
      throw Object.assign(
        new Error(`schema version ${before}; this Bulwark knows up to ${SQLITE_MIGRATIONS.length}`),
        { code: 'unsupported' },
      );
    }
    for (const migration of SQLITE_MIGRATIONS.slice(before)) db.exec(migration);
    // user_version is in the file's header, written with the transaction.
    db.pragma(`user_version = ${SQLITE_MIGRATIONS.length}`);
  }).immediate();
  return before;
}
