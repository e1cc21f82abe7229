import type { HeaderSource } from './read-rate-limit-headers.js';

/** Which limit made a call wait: requests per minute, tokens per minute, or an upstream 429 pause. */
export type RateLimitKind = 'requests' | 'tokens' | 'upstream';

/** What {@link RateLimitAcquireOptions.onWait} receives. */
export interface RateLimitWait {
  /** The limit that binds. */
  limit: RateLimitKind;
  /** How long the call is expected to wait, in milliseconds. */
  waitMs: number;
  /** `true` when the wait exceeds `maxWaitMs` and the call is refused. */
  refused: boolean;
}

/** What one attempt asks of a {@link RateLimiter}. */
export interface RateLimitAcquireOptions {
  /** Requests the attempt takes. @default 1 */
  requests?: number | undefined;
  /** Estimated tokens of the attempt (prompt plus completion reserve). @default 0 */
  tokens?: number | undefined;
  /** Cancels the wait: the acquire rejects with `AbortError` and leaves nothing behind. */
  signal?: AbortSignal | undefined;
  /** Called once, synchronously, when the attempt cannot go at once (it waits, or is refused). */
  onWait?: ((wait: RateLimitWait) => void) | undefined;
}

/**
 * Capacity granted to one attempt. Settle it exactly once: `reconcile` after
 * the upstream answered (even with an error), `release` when nothing was
 * sent. Later calls are ignored.
 */
export interface RateLimitGrant {
  /** Requests taken. */
  readonly requests: number;
  /** Tokens taken (the estimate). */
  readonly tokens: number;
  /** When the grant was made, on the limiter's clock (pass it to `learn` as `sentAt`). */
  readonly grantedAt: number;
  /** How long the attempt waited for it, in milliseconds. */
  readonly waitedMs: number;
  /**
   * Settles the tokens with what the upstream actually counted: gives back
   * the unused part of the estimate, or takes the excess. The request stays taken.
   * @param actualTokens - `usage.total_tokens` (0 for a 429, which costs no tokens).
   */
  reconcile(actualTokens: number): void;
  /** Gives the whole grant back (requests and tokens): the attempt never reached the upstream. */
  release(): void;
}

/** Options of {@link RateLimiter.learn}. */
export interface RateLimitLearnOptions {
  /**
   * When the request these headers answer was sent ({@link RateLimitGrant.grantedAt}).
   * The headers describe the upstream at that moment; the limiter accounts
   * for what it granted and what refilled since. @default now
   */
  sentAt?: number | undefined;
}

/** What one limit of a {@link RateLimiter} reports. */
export interface RateLimitDimensionHealth {
  /** The limit in force per minute (the configured one, lowered by a smaller upstream limit). */
  limit: number;
  /** The configured limit per minute. */
  configuredLimit: number;
  /** Burst capacity of the bucket. */
  capacity: number;
  /** Available now; negative while a large request is being repaid. */
  available: number;
  /** The upstream's last word on this limit, when a response carried it. */
  learned?:
    | {
        /** `x-ratelimit-limit-*`: the upstream's limit per minute. */
        limit?: number | undefined;
        /** `x-ratelimit-remaining-*`: what the upstream said was left. */
        remaining?: number | undefined;
        /** `x-ratelimit-reset-*`, in milliseconds: until the upstream's window is full again. */
        resetMs?: number | undefined;
        /** When the response carrying these headers arrived (the limiter's clock, ms). */
        at: number;
      }
    | undefined;
}

/** What {@link RateLimiter.health} reports (`client.health().rateLimit`). */
export interface RateLimiterHealth {
  /** Requests per minute; absent when that limit is off. */
  requests?: RateLimitDimensionHealth | undefined;
  /** Tokens per minute; absent when that limit is off. */
  tokens?: RateLimitDimensionHealth | undefined;
  /** Attempts waiting for capacity. */
  waiters: number;
  /** While an upstream 429 pauses every caller: until when, on the limiter's clock. */
  pausedUntil?: number | undefined;
  /**
   * Where the buckets live, for a limiter that shares them: `redis` (shared
   * by every instance), or `local-fallback` while Redis is unreachable and
   * the limits hold for this process alone. Absent for the in-memory limiter.
   */
  backend?: 'redis' | 'local-fallback' | undefined;
}

/**
 * Client-side limiter of requests and tokens per minute (docs/architecture.md, "Request path" step 7).
 * The client calls {@link RateLimiter.acquire} before every attempt (retries
 * included), settles the grant after it, feeds every response's headers to
 * {@link RateLimiter.learn} and an upstream 429 to {@link RateLimiter.pause}.
 *
 * Contract for implementations (the in-memory one is
 * {@link createTokenBucketLimiter}; a shared store such as Redis can follow
 * the same contract so that several processes share one account's limits):
 * - `acquire` resolves in FIFO order per process; it rejects with a local
 *   `RateLimitError` (`local: true`, `retryable: false` so that the retry
 *   step does not queue it again, `retryAfterMs` set, nothing sent) when the
 *   wait would exceed its `maxWaitMs`, with `RateLimitError` (`retryable: false`) when the
 *   request can never fit, and with `AbortError` when `signal` aborts (no
 *   timer or listener may stay behind);
 * - `learn`, `pause`, `reconcile` and `release` never throw and never wait:
 *   a remote implementation sends them in the background and reports its
 *   own failures elsewhere;
 * - `health` answers at once from what the implementation knows locally;
 * - `dispose` rejects every waiter with `AbortError` and frees timers and connections.
 */
export interface RateLimiter {
  /**
   * Waits until the attempt fits, then takes its capacity.
   * @param options - requests, estimated tokens, signal and a wait callback.
   * @returns the grant to settle after the attempt.
   * @throws RateLimitError `local: true` when the wait would exceed `maxWaitMs`,
   * or `retryable: false` when the tokens exceed the whole per-minute limit.
   * @throws AbortError when `signal` aborts or the limiter is disposed.
   */
  acquire(options: RateLimitAcquireOptions): Promise<RateLimitGrant>;
  /**
   * Corrects the buckets from a response's `x-ratelimit-*` headers: a smaller
   * upstream limit lowers the configured one, and the remaining counts lower
   * what is available when the upstream has less left than the buckets think.
   */
  learn(headers: HeaderSource, options?: RateLimitLearnOptions): void;
  /** Holds every waiter until `untilMs` on the limiter's clock (an upstream 429's retry-after). */
  pause(untilMs: number): void;
  /** Limits, capacity, availability, waiters and what was learned, right now. */
  health(): RateLimiterHealth;
  /** Rejects every waiter with `AbortError` and clears timers. */
  dispose(): Promise<void> | void;
}
