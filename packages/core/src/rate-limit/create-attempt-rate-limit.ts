import { isBulwarkError } from '../errors/bulwark-error.js';
import { chargedTokens } from './charged-tokens.js';
import type { RateLimitGrant, RateLimitWait, RateLimiter } from './rate-limiter.js';
import type { HeaderSource } from './read-rate-limit-headers.js';

/** When an upstream 429 says nothing about when to retry, pause this long. */
export const DEFAULT_PAUSE_MS = 1000;

/** Options of {@link createAttemptRateLimit}. */
export interface AttemptRateLimitOptions {
  /** The client's limiter. */
  limiter: RateLimiter;
  /** Estimated tokens of one attempt (see `estimateRequestTokens`). */
  tokens: number;
  /** The prompt part of `tokens`. */
  promptTokens: number;
  /** The request's `max_completion_tokens` ?? `max_tokens`, when it set one. */
  requestedCompletionTokens?: number | null | undefined;
  /** The request's `n`. */
  choices?: number | null | undefined;
  /** Told when an attempt waits for capacity or is refused. */
  onWait?: ((wait: RateLimitWait) => void) | undefined;
  /** Told when an upstream 429 pauses the limiter, with the pause in milliseconds. */
  onPause?: ((pauseMs: number) => void) | undefined;
  /** The limiter's clock, to date a pause. @default Date.now */
  now?: (() => number) | undefined;
}

/**
 * The rate-limit side of one call, attempt by attempt (docs/architecture.md, "Request path" step 7):
 * every attempt, retries included, takes 1 request and the estimated tokens
 * before it starts, and settles them after it.
 */
export interface AttemptRateLimit {
  /** Waits for capacity for `attempt` (the resilience pipeline's `beforeAttempt`). */
  beforeAttempt(context: { attempt: number; signal: AbortSignal }): Promise<void>;
  /** Feeds the response headers of `attempt` to the limiter. */
  learn(attempt: number, headers: HeaderSource): void;
  /**
   * Settles `attempt` once its usage is known (a completion's `usage`, or
   * the usage counted over a stream); `undefined` keeps the estimate.
   */
  succeeded(attempt: number, usage: { total_tokens: number } | null | undefined): void;
  /**
   * Settles a failed `attempt`. An upstream 429 `rate_limit_exceeded` costs
   * no tokens and pauses every caller of the limiter until its retry-after;
   * other failures keep the estimate (the upstream may have counted it).
   */
  failed(attempt: number, error: unknown): void;
}

/**
 * Creates the per-call {@link AttemptRateLimit} over a client's limiter.
 *
 * @param options - the limiter, the call's estimate and a wait callback.
 * @example
 * ```ts
 * const rateLimit = createAttemptRateLimit({ limiter, tokens, promptTokens });
 * await pipeline.execute(operation, { signal, beforeAttempt: rateLimit.beforeAttempt });
 * ```
 */
export function createAttemptRateLimit(options: AttemptRateLimitOptions): AttemptRateLimit {
  const { limiter, tokens, onWait } = options;
  const now = options.now ?? Date.now;
  const grants = new Map<number, RateLimitGrant>();
  const take = (attempt: number): RateLimitGrant | undefined => {
    const grant = grants.get(attempt);
    grants.delete(attempt);
    return grant;
  };
  return {
    async beforeAttempt({ attempt, signal }) {
      grants.set(attempt, await limiter.acquire({ requests: 1, tokens, signal, onWait }));
    },
    learn(attempt, headers) {
      limiter.learn(headers, { sentAt: grants.get(attempt)?.grantedAt });
    },
    succeeded(attempt, usage) {
      const grant = take(attempt);
      if (grant === undefined || usage == null) return;
      grant.reconcile(
        chargedTokens({
          totalTokens: usage.total_tokens,
          promptTokens: options.promptTokens,
          requestedCompletionTokens: options.requestedCompletionTokens,
          choices: options.choices,
        }),
      );
    },
    failed(attempt, error) {
      const grant = take(attempt);
      const upstreamRateLimit =
        isBulwarkError(error) &&
        error.code === 'rate_limit_exceeded' &&
        !(error as { local?: boolean }).local;
      if (!upstreamRateLimit) return;
      grant?.reconcile(0);
      const pauseMs = error.retryAfterMs ?? DEFAULT_PAUSE_MS;
      limiter.pause(now() + pauseMs);
      options.onPause?.(pauseMs);
    },
  };
}
