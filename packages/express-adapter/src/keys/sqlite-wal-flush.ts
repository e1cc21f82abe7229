import { open, type FileHandle } from 'node:fs/promises';
import { GroupFlush } from './group-flush.js';
import { KeyStoreError } from './key-store-error.js';

/**
 * Puts what was committed to a WAL-mode SQLite database on disk without
 * blocking the process: `fdatasync` of the `-wal` file on libuv's thread
 * pool. A commit's frames are in that file until a checkpoint copies them
 * to the database, and SQLite (`synchronous=NORMAL`) syncs the WAL before a
 * checkpoint and the database after it, so once the flush resolves the
 * commit survives a power cut, as with `synchronous=FULL`, whose flush
 * would block the event loop instead. Flushes asked for while one runs share
 * the next ({@link GroupFlush}): under load one `fdatasync` covers many commits.
 */
export class WalFlusher {
  #handle: Promise<FileHandle> | undefined;
  /** Undefined for a database in memory: nothing to flush. */
  readonly #group: GroupFlush | undefined;

  /** @param databasePath - the database file (`:memory:` or `''`: nothing to flush). */
  constructor(databasePath: string) {
    const path = `${databasePath}-wal`;
    this.#group =
      databasePath === '' || databasePath === ':memory:'
        ? undefined
        : new GroupFlush(() => this.#sync(path));
  }

  /**
   * Flushes the WAL file to disk.
   *
   * @throws {@link KeyStoreError} `key_store_unavailable` when it cannot.
   */
  flush(): Promise<void> {
    return this.#group === undefined ? Promise.resolve() : this.#group.flush();
  }

  async #sync(path: string): Promise<void> {
    try {
      this.#handle ??= open(path, 'r+');
      await (await this.#handle).datasync();
    } catch (error) {
      this.#handle = undefined;
      const { code, message } = error as { code?: string; message?: string };
      throw new KeyStoreError({
        code: 'key_store_unavailable',
        message: `The key store could not flush its journal to disk (${code ?? message ?? 'error'})`,
        cause: error,
      });
    }
  }

  /** Closes the file handle, if one was opened. */
  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = undefined;
    await (await handle?.catch(() => undefined))?.close();
  }
}
