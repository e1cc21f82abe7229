/** The per-minute limits of a key a request is counted against (`null`: no limit). */
export interface KeyRateLimits {
  /** Requests within any 60 s window. */
  readonly rpm: number | null;
  /** Tokens within any 60 s window. */
  readonly tpm: number | null;
}

/** One admitted request, to report its true token count with `record`. */
export interface RateTicket {
  /** Unique id. */
  readonly id: string;
  /** The key's name. */
  readonly name: string;
  /** When it was admitted, in ms since the epoch. */
  readonly at: number;
  /** Whether it was counted against a token limit (else `record` has nothing to do). */
  readonly tokensCounted: boolean;
}

/** What `admit` answers. */
export type RateAdmission =
  | {
      /** The request may go on. */
      readonly admitted: true;
      /** Its ticket. */
      readonly ticket: RateTicket;
    }
  | {
      /** Refused: the key used its limit within the last 60 s. */
      readonly admitted: false;
      /** The limit that refused it. */
      readonly limit: 'rpm' | 'tpm';
      /** How long until enough of the window has passed for this request, in ms (≥ 1). */
      readonly retryAfterMs: number;
    };

/** The window of the per-key limits: any 60 s. */
export const KEY_RATE_WINDOW_MS = 60_000;

/**
 * The per-key requests and tokens per minute (docs/keys.md): a sliding 60 s
 * window, so a key may use its whole limit at once (bursts) and never more
 * within any 60 s. A request is counted at admission, with the tokens it is
 * expected to use (its prompt); `record` replaces those by the call's true
 * tokens once known. A request larger than the token limit on its own is
 * admitted when the window is empty, else it could never run.
 *
 * The SQLite store counts in the process's memory (each process its own
 * window); the Redis store counts in Redis, shared by every instance.
 */
export interface KeyRateLimiter {
  /**
   * Counts one request of a key, or refuses it.
   *
   * @param name - the key's name.
   * @param limits - its `rpm` and `tpm` (both `null`: always admitted, nothing counted).
   * @param tokens - the tokens it is expected to use (≥ 0).
   */
  admit(name: string, limits: KeyRateLimits, tokens: number): Promise<RateAdmission>;
  /**
   * Replaces an admitted request's expected tokens by its true ones.
   *
   * @param ticket - from `admit`.
   * @param tokens - the call's prompt and completion tokens.
   */
  record(ticket: RateTicket, tokens: number): Promise<void>;
}
