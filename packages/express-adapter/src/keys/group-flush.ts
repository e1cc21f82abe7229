/**
 * Flushes shared by every caller that asks while one is running (a group
 * commit): a call made while a flush runs waits for the one after it, which
 * starts when the running one ends and serves every call made meanwhile. A
 * flush that started before a caller's write may not cover it, so a caller
 * never joins a running one; at most one runs at a time, and under load one
 * `fdatasync` covers many commits instead of each commit paying its own.
 */
export class GroupFlush {
  readonly #sync: () => Promise<void>;
  #running: Promise<void> | undefined;
  #next: Promise<void> | undefined;

  /** @param sync - puts everything written before it starts on disk. */
  constructor(sync: () => Promise<void>) {
    this.#sync = sync;
  }

  /**
   * Resolves once everything written before this call is on disk; rejects
   * with the failure of the flush that was to cover it.
   */
  flush(): Promise<void> {
    if (this.#next !== undefined) return this.#next;
    const running = this.#running;
    if (running === undefined) return this.#start();
    const startNext = () => {
      this.#next = undefined;
      return this.#start();
    };
    const next = running.then(startNext, startNext);
    this.#next = next;
    return next;
  }

  #start(): Promise<void> {
    const running = this.#sync().finally(() => {
      if (this.#running === running) this.#running = undefined;
    });
    this.#running = running;
    return running;
  }
}
