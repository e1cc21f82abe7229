import { KeyStoreError } from './key-store-error.js';
import type { SqliteRunner } from './sqlite-runner.js';

interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Writes that arrive together (in one turn of the event loop) committed in
 * one `BEGIN IMMEDIATE` transaction, each applied in arrival order: a
 * SQLite commit costs tens of microseconds of the process's own time, so a
 * busy gateway pays it once per turn rather than once per call. An item's
 * store error (an unknown key) rejects that item alone; a failure of the
 * transaction, or of `afterCommit`, rejects them all.
 */
export class SqliteWriteBatch<Item, Result> {
  readonly #sql: SqliteRunner;
  readonly #apply: (item: Item) => Result;
  readonly #afterCommit: (() => Promise<void>) | undefined;
  #pending: Pending<Item, Result>[] = [];

  /**
   * @param sql - the store's runner.
   * @param apply - applies one item inside the transaction.
   * @param afterCommit - runs once the transaction committed, before the items resolve.
   */
  constructor(sql: SqliteRunner, apply: (item: Item) => Result, afterCommit?: () => Promise<void>) {
    this.#sql = sql;
    this.#apply = apply;
    this.#afterCommit = afterCommit;
  }

  /** Queues an item for the next commit; resolves with its result once committed. */
  add(item: Item): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ item, resolve, reject });
      if (this.#pending.length === 1) setImmediate(() => void this.#commit());
    });
  }

  async #commit(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    let outcomes: ({ value: Result } | { error: unknown })[];
    try {
      outcomes = this.#sql.run('write', () =>
        batch.map(({ item }) => {
          try {
            return { value: this.#apply(item) };
          } catch (error) {
            if (!KeyStoreError.isInstance(error) || error.code === 'key_store_unavailable') {
              throw error;
            }
            return { error };
          }
        }),
      );
      await this.#afterCommit?.();
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    outcomes.forEach((outcome, index) => {
      const pending = batch[index] as Pending<Item, Result>;
      if ('error' in outcome) pending.reject(outcome.error);
      else pending.resolve(outcome.value);
    });
  }
}
