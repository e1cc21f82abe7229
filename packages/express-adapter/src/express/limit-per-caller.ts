import type { RequestHandler } from 'express';
import { silentLogger } from '@bulwark/core';
import { createCallerLimiter, type PerCallerLimitOptions } from '../node/caller-limiter.js';
import { sendError } from '../node/send-error.js';
import { expressRequestContext } from './express-request-context.js';

/**
 * Express middleware that limits how many requests each caller makes per
 * window and answers 429 `caller_rate_limit_exceeded` with `retry-after`
 * beyond that. A caller is its API key when {@link requireApiKey} ran
 * before, else its IP address.
 *
 * The gateway router and handler apply their own limit (`callerRpm`); this
 * is for routes of your own.
 *
 * @param options - requests per window (default 600) and window length (default 60 s).
 */
export function limitPerCaller(options: PerCallerLimitOptions = {}): RequestHandler {
  const limiter = createCallerLimiter(options);
  return (request, response, next) => {
    const context = expressRequestContext(request, response);
    context.caller ??= `ip:${request.ip ?? request.socket.remoteAddress ?? 'unknown'}`;
    limiter(context.caller).then(
      (refusal) =>
        refusal === undefined ? next() : sendError(response, context, refusal, silentLogger),
      next,
    );
  };
}
