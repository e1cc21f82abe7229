/**
 * The time source of the cache: milliseconds on a wall clock, so that the
 * expiry an entry carries means the same in every process sharing a store.
 * Tests inject their own (or use fake timers, which replace `Date.now`).
 */
export interface CacheClock {
  /** The current time in milliseconds. */
  now(): number;
}

/** The default {@link CacheClock}: `Date.now()`. */
export const systemClock: CacheClock = { now: () => Date.now() };
