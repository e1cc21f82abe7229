/**
 * The Redis keys of the key store. All carry the hash tag `{keys}`, so that
 * on Redis Cluster they share one slot and every script may touch them
 * together (the store then lives on one shard: a few commands per call).
 * Key names cannot hold `:` (see `KEY_NAME_PATTERN`), so these never collide.
 */
export class RedisKeyNames {
  readonly #base: string;

  /** @param prefix - put before every key, e.g. `staging:`. */
  constructor(prefix: string) {
    this.#base = `${prefix}bulwark:{keys}:`;
  }

  /** The hash of the SHA-256 of each key → its name. */
  get index(): string {
    return `${this.#base}index`;
  }

  /** The set of every key's name. */
  get names(): string {
    return `${this.#base}names`;
  }

  /** The hash of one key's record. */
  record(name: string): string {
    return `${this.recordPrefix}${name}`;
  }

  /** The sorted set of one key's open reservations (id → expiry in ms). */
  reservations(name: string): string {
    return `${this.#base}reservations:${name}`;
  }

  /** The hash of one key's open reservations (id → amount in nano-dollars). */
  reserved(name: string): string {
    return `${this.#base}reserved:${name}`;
  }

  /** The counter of one key's settled spend in one window (`day:2026-11-30`, `month:2026-11`, `total`). */
  spend(name: string, windowId: string): string {
    return `${this.#base}spend:${name}:${windowId}`;
  }

  /** The sorted set of one key's requests in the last 60 s (id → time in ms). */
  rateRequests(name: string): string {
    return `${this.#base}rate:requests:${name}`;
  }

  /** The sorted set of one key's token-counted requests in the last 60 s (id → time in ms). */
  rateTokens(name: string): string {
    return `${this.#base}rate:tokens:${name}`;
  }

  /** The hash of those requests' tokens (id → tokens). */
  rateTokenCounts(name: string): string {
    return `${this.#base}rate:token-counts:${name}`;
  }

  /** What every record key starts with (the one-round-trip lookup builds a record's key from its name). */
  get recordPrefix(): string {
    return `${this.#base}record:`;
  }
}
