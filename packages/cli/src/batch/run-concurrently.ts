/** Options of {@link runConcurrently}. */
export interface RunConcurrentlyOptions<Item> {
  /** The work, started in order. */
  items: Iterable<Item>;
  /** Items in progress at most. */
  concurrency: number;
  /** Runs one item. It should not throw; a throw stops the run and is rethrown. */
  run: (item: Item) => Promise<void>;
  /** When aborted, no further item starts; items in progress finish. */
  signal?: AbortSignal | undefined;
}

/**
 * Runs items with at most `concurrency` in progress, starting the next as
 * soon as one finishes, and resolves when every started item has finished.
 *
 * @param options - items, concurrency, worker and stop signal.
 * @throws the first error a worker threw (after the items in progress finished).
 */
export async function runConcurrently<Item>(options: RunConcurrentlyOptions<Item>): Promise<void> {
  const iterator = options.items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const next = (): IteratorResult<Item> | undefined => {
    if (failure !== undefined || options.signal?.aborted === true) return undefined;
    return iterator.next();
  };
  const worker = async (): Promise<void> => {
    for (let step = next(); step !== undefined && step.done !== true; step = next()) {
      try {
        await options.run(step.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, options.concurrency) }, worker);
  await Promise.all(workers);
  if (failure !== undefined) throw failure.error;
}
