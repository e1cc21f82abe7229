import type { KeyRateLimiter } from './key-rate-limiter.js';

/** The window a key's budget applies to: a UTC day, a UTC month, or the key's whole life. */
export type BudgetPeriod = 'day' | 'month' | 'total';

/**
 * A key's limits. `null` means "no limit" (and for `models`, every model).
 */
export interface KeyLimits {
  /** Requests per minute, within any 60 s window. */
  readonly rpm: number | null;
  /** Tokens per minute, within any 60 s window. */
  readonly tpm: number | null;
  /** Most the key may spend in one {@link KeyLimits.budgetPeriod}, in US dollars. */
  readonly budgetUsd: number | null;
  /** The window of the budget (spend is counted in every window; this one is compared). */
  readonly budgetPeriod: BudgetPeriod;
  /** The models the key may call (exact names), or `null` for every model. */
  readonly models: readonly string[] | null;
  /** When the key stops working, in ms since the epoch (valid while `now < expiresAt`). */
  readonly expiresAt: number | null;
}

/**
 * Limits to set: a field left out (or `undefined`) keeps its value (its
 * default on `create`), `null` removes the limit.
 */
export type KeyLimitsInput = { readonly [Field in keyof KeyLimits]?: KeyLimits[Field] | undefined };

/** A key as the store keeps it: never the key itself, only its name and limits. */
export interface KeyRecord {
  /** The record's id: a key revoked and created again under the same name gets a new one. */
  readonly id: string;
  /** The key's unique name, 1–64 of `[A-Za-z0-9._-]`. */
  readonly name: string;
  /** Its limits. */
  readonly limits: KeyLimits;
  /** When it was created, in ms since the epoch. */
  readonly createdAt: number;
  /** When its limits last changed, in ms since the epoch. */
  readonly updatedAt: number;
  /** When it last called the gateway (recorded by `touch`, to the second), or `null`. */
  readonly lastUsedAt: number | null;
}

/** What `create` returns: the key, shown this once, and its record. */
export interface CreatedKey {
  /** The key (`bwk_` and 32 base62 characters). Only its SHA-256 hash is stored. */
  readonly key: string;
  /** The stored record. */
  readonly record: KeyRecord;
}

/** A key's spend in its current budget period. */
export interface KeyUsage {
  /** Settled spend in the current period, in US dollars. */
  readonly spendUsd: number;
  /** Open (unsettled, unexpired) reservations, in US dollars. */
  readonly reservedUsd: number;
  /** `budgetUsd − spendUsd − reservedUsd`, at least 0; `null` without a budget. */
  readonly remainingUsd: number | null;
  /** Start of the current period, in ms since the epoch (the key's creation for `total`). */
  readonly periodStart: number;
  /** End of the current period (exclusive), or `null` for `total`. */
  readonly periodEnd: number | null;
}

/**
 * Money set aside for one call by `reserve`: hand it to exactly one of
 * `settle` (the call's true cost) or `release` (the call failed). Left
 * alone, it expires at `expiresAt`.
 */
export interface Reservation {
  /** Unique id. */
  readonly id: string;
  /** The key's name. */
  readonly name: string;
  /** Id of the key's record at reservation time: a settle after revoke (or revoke and re-create) charges nothing. */
  readonly keyId: string;
  /** The amount set aside, in US dollars. */
  readonly amountUsd: number;
  /** When it stops counting, in ms since the epoch. */
  readonly expiresAt: number;
  /**
   * Whether the store holds it. A key without a budget reserves nothing:
   * its reservations are not tracked, and `settle` only adds the spend.
   */
  readonly tracked: boolean;
}

/** What `reserve` answers. */
export type ReserveOutcome =
  | {
      /** The money is set aside. */
      readonly granted: true;
      /** Settle or release it after the call. */
      readonly reservation: Reservation;
    }
  | {
      /** Refused: the budget cannot cover it. */
      readonly granted: false;
      /** Why: settled spend + open reservations + this one would exceed the budget. */
      readonly code: 'budget_exceeded';
      /** The key's budget, in US dollars. */
      readonly budgetUsd: number;
      /** Its spend and reservations when refused. */
      readonly usage: KeyUsage;
    };

/**
 * The gateway's key store (docs/keys.md): named keys with their own limits,
 * and each key's spend, counted so that concurrent calls never overspend a
 * budget: before a call the gateway `reserve`s the most it can cost (refused
 * with `budget_exceeded` when settled spend + open reservations + this one
 * would pass the budget), after it `settle`s the true cost (or `release`s
 * on failure). Reservations expire after their TTL, so a crash leaves none
 * stuck. Spend is kept per UTC day, UTC month and in total; the key's
 * `budgetPeriod` picks the one its budget applies to.
 *
 * Implementations: SQLite (`openSqliteKeyStore`, one file shared by the
 * processes of one machine) and Redis (`openRedisKeyStore`, shared by every
 * instance). Every method may throw a {@link KeyStoreError}.
 */
export interface KeyStore {
  /**
   * Creates a key. Its hash is stored, never the key.
   *
   * @param name - unique, 1–64 of `[A-Za-z0-9._-]`.
   * @param limits - its limits; left out: none, budget period `month`.
   * @returns the key (shown this once) and its record.
   * @throws {@link KeyStoreError} `invalid_key_name`, `invalid_key_limits` or `key_exists`.
   */
  create(name: string, limits?: KeyLimitsInput): Promise<CreatedKey>;
  /** Every key, by name. */
  list(): Promise<KeyRecord[]>;
  /** The key of that name, or `undefined`. */
  get(name: string): Promise<KeyRecord | undefined>;
  /**
   * Changes a key's limits (fields left out keep their value, `null` removes a limit).
   *
   * @throws {@link KeyStoreError} `unknown_key` or `invalid_key_limits`.
   */
  update(name: string, changes: KeyLimitsInput): Promise<KeyRecord>;
  /**
   * Deletes a key with its spend and reservations; it is refused at once,
   * and its name is free again.
   *
   * @throws {@link KeyStoreError} `unknown_key`.
   */
  revoke(name: string): Promise<void>;
  /**
   * The record of a presented key, found by its SHA-256 hash, or `undefined`.
   * Expiry and models are the caller's to check (`isKeyExpired`, `isModelAllowed`).
   */
  findByKey(key: string): Promise<KeyRecord | undefined>;
  /**
   * The key's spend and open reservations in its current budget period.
   *
   * @throws {@link KeyStoreError} `unknown_key`.
   */
  usage(name: string): Promise<KeyUsage>;
  /**
   * Sets aside `maxCostUsd` for a call, atomically with every other process
   * or instance on the same store.
   *
   * @param name - the key.
   * @param maxCostUsd - the most the call can cost (≥ 0).
   * @param ttlMs - how long the reservation counts: past the longest the call can take.
   * @throws {@link KeyStoreError} `unknown_key`.
   */
  reserve(name: string, maxCostUsd: number, ttlMs: number): Promise<ReserveOutcome>;
  /**
   * Replaces a reservation by the call's true cost, durably before it
   * resolves. The cost counts in the period in which the call completes.
   */
  settle(reservation: Reservation, actualCostUsd: number): Promise<void>;
  /** Drops a reservation (the call failed and cost nothing). */
  release(reservation: Reservation): Promise<void>;
  /** Records that the key was used now (written at most once a second per key and store). */
  touch(name: string): Promise<void>;
  /**
   * The per-key requests and tokens per minute: in this process's memory
   * for SQLite, in Redis (shared by every instance) for Redis.
   */
  readonly rateLimiter: KeyRateLimiter;
  /** Closes the database or the Redis connection the store opened. */
  close(): Promise<void>;
}
