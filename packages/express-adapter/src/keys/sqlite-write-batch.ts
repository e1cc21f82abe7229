import { KeyStoreError } from './key-store-error.js';
import type { SqliteRunner } from './sqlite-runner.js';

interface Pending<Scratch> {
  apply: (scratch: Scratch) => unknown;
  durable: boolean;
  resolve: (result: never) => void;
  reject: (error: unknown) => void;
}

/** Options of a {@link SqliteWriteBatch}. */
export interface SqliteWriteBatchOptions<Scratch> {
  /** Makes the state one batch's items share (each commit gets a new one). */
  scratch: () => Scratch;
  /** Runs inside the transaction after the last item, with the batch's state. */
  finish: (scratch: Scratch) => void;
  /** Puts what was committed on disk; the durable items of a batch resolve after it. */
  flush: () => Promise<void>;
}

/**
 * Writes that arrive together (in one turn of the event loop) committed in
 * one `BEGIN IMMEDIATE` transaction, each applied in arrival order: a
 * SQLite commit costs tens of microseconds of the process's own time, so a
 * busy gateway pays it once per turn rather than once per write. Items share
 * a state made for their batch, which `finish` writes once (a key's spend
 * summed over its settles). An item resolves once committed, or, when it is
 * durable, once the commit is flushed to disk too; a batch is flushed only
 * when it holds a durable item. An item's store error (an unknown key)
 * rejects that item alone; a failure of the transaction or of `finish`
 * rejects them all, and their batch's state is dropped with the rolled-back
 * transaction; a failed flush rejects the durable ones.
 */
export class SqliteWriteBatch<Scratch> {
  readonly #sql: SqliteRunner;
  readonly #options: SqliteWriteBatchOptions<Scratch>;
  #pending: Pending<Scratch>[] = [];

  /**
   * @param sql - the store's runner.
   * @param options - the batch's shared state, its last step, and its flush.
   */
  constructor(sql: SqliteRunner, options: SqliteWriteBatchOptions<Scratch>) {
    this.#sql = sql;
    this.#options = options;
  }

  /**
   * Queues a write for the next commit.
   *
   * @param apply - the write, run inside the transaction with the batch's state.
   * @param durable - whether it resolves only once on disk.
   * @returns what `apply` returned, once committed (and flushed, when durable).
   */
  add<Result>(apply: (scratch: Scratch) => Result, durable: boolean): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#pending.push({ apply, durable, resolve: resolve as (result: never) => void, reject });
      if (this.#pending.length === 1) setImmediate(() => void this.#commit());
    });
  }

  async #commit(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    const { scratch: makeScratch, finish, flush } = this.#options;
    let outcomes: ({ value: unknown } | { error: unknown })[];
    try {
      outcomes = this.#sql.run('write', () => {
        const scratch = makeScratch();
        const applied = batch.map(({ apply }) => {
          try {
            return { value: apply(scratch) };
          } catch (error) {
            if (!KeyStoreError.isInstance(error) || error.code === 'key_store_unavailable') {
              throw error;
            }
            return { error };
          }
        });
        finish(scratch);
        return applied;
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    const settle = (pending: Pending<Scratch>, index: number) => {
      const outcome = outcomes[index] as { value: unknown } | { error: unknown };
      if ('error' in outcome) pending.reject(outcome.error);
      else pending.resolve(outcome.value as never);
    };
    batch.forEach((pending, index) => {
      if (!pending.durable) settle(pending, index);
    });
    if (!batch.some((pending) => pending.durable)) return;
    try {
      await flush();
    } catch (error) {
      for (const pending of batch) if (pending.durable) pending.reject(error);
      return;
    }
    batch.forEach((pending, index) => {
      if (pending.durable) settle(pending, index);
    });
  }
}
