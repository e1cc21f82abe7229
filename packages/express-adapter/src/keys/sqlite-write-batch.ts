import { KeyStoreError } from './key-store-error.js';
import type { SqliteRunner } from './sqlite-runner.js';

interface Pending<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/** Options of a {@link SqliteWriteBatch}. */
export interface SqliteWriteBatchOptions<Scratch> {
  /** Makes the state one batch's items share (each commit gets a new one). */
  scratch?: () => Scratch;
  /** Runs inside the transaction after the last item, with the batch's state. */
  finish?: (scratch: Scratch) => void;
  /** Runs once the transaction committed, before the items resolve. */
  afterCommit?: () => Promise<void>;
}

/**
 * Writes that arrive together (in one turn of the event loop) committed in
 * one `BEGIN IMMEDIATE` transaction, each applied in arrival order: a
 * SQLite commit costs tens of microseconds of the process's own time, so a
 * busy gateway pays it once per turn rather than once per call. Items may
 * share a state made for their batch, which `finish` writes once (a key's
 * spend summed over its settles). An item's store error (an unknown key)
 * rejects that item alone; a failure of the transaction, of `finish` or of
 * `afterCommit` rejects them all, and their batch's state is dropped with
 * the rolled-back transaction.
 */
export class SqliteWriteBatch<Item, Result, Scratch = undefined> {
  readonly #sql: SqliteRunner;
  readonly #apply: (item: Item, scratch: Scratch) => Result;
  readonly #options: SqliteWriteBatchOptions<Scratch>;
  #pending: Pending<Item, Result>[] = [];

  /**
   * @param sql - the store's runner.
   * @param apply - applies one item inside the transaction.
   * @param options - the batch's shared state, its last step, and what runs after the commit.
   */
  constructor(
    sql: SqliteRunner,
    apply: (item: Item, scratch: Scratch) => Result,
    options: SqliteWriteBatchOptions<Scratch> = {},
  ) {
    this.#sql = sql;
    this.#apply = apply;
    this.#options = options;
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
    const { scratch: makeScratch, finish, afterCommit } = this.#options;
    let outcomes: ({ value: Result } | { error: unknown })[];
    try {
      outcomes = this.#sql.run('write', () => {
        const scratch = makeScratch?.() as Scratch;
        const applied = batch.map(({ item }) => {
          try {
            return { value: this.#apply(item, scratch) };
          } catch (error) {
            if (!KeyStoreError.isInstance(error) || error.code === 'key_store_unavailable') {
              throw error;
            }
            return { error };
          }
        });
        finish?.(scratch);
        return applied;
      });
      await afterCommit?.();
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
