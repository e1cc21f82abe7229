import type { RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { sendGatewayError } from '../http/send-openai-error.js';
import { getRequestContext } from '../router/request-context.js';

/** Options of {@link limitPerCaller}. */
export interface PerCallerLimitOptions {
  /** Requests each caller may make per window. @default 600 */
  requests?: number | undefined;
  /** Length of the window, in seconds. @default 60 */
  windowSeconds?: number | undefined;
}

/**
 * Middleware that limits how many requests each caller makes per window
 * (`rate-limiter-flexible`'s in-memory limiter, fixed windows), and answers
 * 429 with `retry-after` beyond that. A caller is its API key when the
 * gateway requires keys (run this after {@link requireApiKey}), else its IP
 * address.
 *
 * This protects the gateway's edge from one noisy caller. It is distinct
 * from the client-side RPM/TPM limits of `@bulwark/core`, which keep the
 * whole gateway under the upstream account's limits.
 *
 * @param options - requests per window and window length.
 */
export function limitPerCaller(options: PerCallerLimitOptions = {}): RequestHandler {
  const limiter = new RateLimiterMemory({
    points: options.requests ?? 600,
    duration: options.windowSeconds ?? 60,
    keyPrefix: 'bulwark-caller',
  });
  return async (request, response, next) => {
    const context = getRequestContext(response);
    context.caller ??= `ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`;
    try {
      await limiter.consume(context.caller);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      context.errorCode = 'caller_rate_limit_exceeded';
      response.set('retry-after', String(Math.max(1, Math.ceil(error.msBeforeNext / 1000))));
      sendGatewayError(response, 429, {
        message: 'Too many requests from this caller; retry after the time in retry-after',
        type: 'rate_limit_error',
        param: null,
        code: 'caller_rate_limit_exceeded',
      });
      return;
    }
    next();
  };
}
