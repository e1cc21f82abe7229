import {
  ExponentialBackoff,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
} from 'cockatiel';
import { isBulwarkError } from '../errors/bulwark-error.js';
import { createFullJitterGenerator } from './full-jitter-generator.js';

/** The longest wait between two attempts, whatever the upstream asks (docs/architecture.md, "Request path"). */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Options of {@link RetryAfterBackoff}. */
export interface RetryAfterBackoffOptions {
  /** Ceiling of the first delay, in milliseconds; doubles on every retry. */
  baseDelayMs: number;
  /** Largest ceiling of the exponential delay, in milliseconds. */
  maxDelayMs: number;
  /**
   * Returns a number in `[0, 1)` for the jitter.
   * @default Math.random
   */
  random?: (() => number) | undefined;
}

type Context = IRetryBackoffContext<unknown>;

function retryAfterOf(context: Context): number {
  const { result } = context;
  if (!('error' in result) || !isBulwarkError(result.error)) return 0;
  const retryAfterMs = result.error.retryAfterMs;
  return retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs > 0
    ? retryAfterMs
    : 0;
}

function step(exponential: IBackoff<unknown>, context: Context): IBackoff<Context> {
  return {
    duration: Math.min(MAX_RETRY_AFTER_MS, Math.max(retryAfterOf(context), exponential.duration)),
    next: (nextContext) => step(exponential.next(nextContext), nextContext),
  };
}

/**
 * A cockatiel backoff for the retry policy: exponential backoff with full
 * jitter (see {@link createFullJitterGenerator}), raised to the failed
 * attempt's `retryAfterMs` (parsed from `retry-after-ms`, then `retry-after`)
 * when that is longer, and capped at {@link MAX_RETRY_AFTER_MS} (60 s).
 *
 * Honouring the larger of the two keeps the jitter that spreads many clients
 * apart while never retrying before the upstream said it would be ready.
 *
 * @example
 * ```ts
 * const backoff = new RetryAfterBackoff({ baseDelayMs: 500, maxDelayMs: 20_000 });
 * const policy = retry(handleWhen(isRetryableError), { maxAttempts: 3, backoff });
 * ```
 */
export class RetryAfterBackoff implements IBackoffFactory<Context> {
  private readonly exponential: ExponentialBackoff<number>;

  /** @param options - delays and the source of jitter. */
  constructor(options: RetryAfterBackoffOptions) {
    this.exponential = new ExponentialBackoff({
      generator: createFullJitterGenerator(options.random ?? Math.random),
      initialDelay: options.baseDelayMs,
      maxDelay: options.maxDelayMs,
      exponent: 2,
    });
  }

  /**
   * The delay before the first retry; `next()` on the result gives the following ones.
   * @param context - cockatiel's retry context, holding the failed attempt's error.
   */
  next(context: Context): IBackoff<Context> {
    return step(this.exponential.next(), context);
  }
}
