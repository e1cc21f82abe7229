import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { GatewayHttpError } from './gateway-http-error.js';
import type { GatewayHandlerOptions } from './gateway-handler-options.js';

/** A per-caller request limit: requests per window and window length. */
export interface PerCallerLimitOptions {
  /** Requests each caller may make per window. @default 600 */
  requests?: number | undefined;
  /** Length of the window, in seconds. @default 60 */
  windowSeconds?: number | undefined;
}

/** Counts one request of a caller: `undefined` when it may go on, else the 429 to answer. */
export type CallerLimiter = (caller: string) => Promise<GatewayHttpError | undefined>;

/**
 * A per-caller request limit (`rate-limiter-flexible`'s in-memory limiter,
 * fixed windows). Beyond it a caller gets 429 `caller_rate_limit_exceeded`
 * with `retry-after` (seconds, at least 1).
 *
 * This protects the gateway's edge from one noisy caller. It is distinct
 * from the client-side RPM/TPM limits of `@bulwark/core`, which keep the
 * whole gateway under the upstream account's limits.
 *
 * @param options - requests per window and window length.
 */
export function createCallerLimiter(options: PerCallerLimitOptions = {}): CallerLimiter {
  const limiter = new RateLimiterMemory({
    points: options.requests ?? 600,
    duration: options.windowSeconds ?? 60,
    keyPrefix: 'bulwark-caller',
  });
  return async (caller) => {
    try {
      await limiter.consume(caller);
      return undefined;
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      return new GatewayHttpError({
        status: 429,
        code: 'caller_rate_limit_exceeded',
        type: 'rate_limit_error',
        message: 'Too many requests from this caller; retry after the time in retry-after',
        headers: { 'retry-after': String(Math.max(1, Math.ceil(error.msBeforeNext / 1000))) },
      });
    }
  };
}

/**
 * The per-caller limit in force: `perCallerLimit` when given, else
 * `callerRpm` per minute, else none.
 *
 * @param options - the handler's `perCallerLimit` and `callerRpm`.
 * @throws TypeError when `callerRpm` is not a whole number ≥ 0.
 */
export function callerLimit(
  options: Pick<GatewayHandlerOptions, 'perCallerLimit' | 'callerRpm'>,
): PerCallerLimitOptions | undefined {
  const { perCallerLimit, callerRpm } = options;
  if (perCallerLimit === false) return undefined;
  if (perCallerLimit !== undefined) return perCallerLimit;
  if (callerRpm === undefined || callerRpm === 0) return undefined;
  if (!Number.isInteger(callerRpm) || callerRpm < 0) {
    throw new TypeError('callerRpm must be a whole number ≥ 0');
  }
  return { requests: callerRpm, windowSeconds: 60 };
}
