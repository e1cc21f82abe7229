/**
 * Decides which `touch` calls write: at most one a second per key, so that
 * recording "last used" costs no write per request under load.
 */
export class LastUsedThrottle {
  readonly #written = new Map<string, number>();
  readonly #intervalMs: number;

  /** @param intervalMs - the least time between two writes for one key. */
  constructor(intervalMs = 1000) {
    this.#intervalMs = intervalMs;
  }

  /**
   * Whether a touch of `name` at `now` should be written; if so, it counts as written.
   *
   * @param name - the key's name.
   * @param now - the time, in ms since the epoch.
   */
  shouldWrite(name: string, now: number): boolean {
    const last = this.#written.get(name);
    if (last !== undefined && now - last < this.#intervalMs && now >= last) return false;
    this.#written.set(name, now);
    return true;
  }

  /** Forgets a key (revoked): its next touch writes. */
  forget(name: string): void {
    this.#written.delete(name);
  }
}
