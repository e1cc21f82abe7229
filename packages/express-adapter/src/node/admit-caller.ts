import type { IncomingMessage } from 'node:http';
import { createCallerAuthenticator } from './authenticate-caller.js';
import { callerLimit, createCallerLimiter } from './caller-limiter.js';
import type { GatewayHandlerOptions } from './gateway-handler-options.js';
import { GatewayHttpError } from './gateway-http-error.js';
import type { RequestContext } from './request-context.js';

/**
 * Admits a caller of `/v1`: names it on the request's context (its gateway
 * key, a store key's record, or its IP) and rejects with the
 * {@link GatewayHttpError} to answer when its key or the per-caller limit
 * refuses it.
 */
export type CallerAdmission = (request: IncomingMessage, context: RequestContext) => Promise<void>;

/**
 * The admission of a gateway with caller keys (`apiKeys`, a `keyStore`) or a
 * per-caller limit (`callerRpm`); `undefined` when it has neither, so that
 * a request is routed without a step of its own.
 *
 * @param options - the handler's options.
 * @returns the admission, or `undefined` when there is nothing to check.
 * @throws TypeError when `callerRpm` is not a whole number ≥ 0.
 */
export function createCallerAdmission(options: GatewayHandlerOptions): CallerAdmission | undefined {
  const authenticate = createCallerAuthenticator(options.apiKeys ?? [], options.keyStore);
  const limit = callerLimit(options);
  const limiter = limit === undefined ? undefined : createCallerLimiter(limit);
  if (authenticate === undefined && limiter === undefined) return undefined;
  return async (request, context) => {
    if (authenticate !== undefined) {
      let caller = authenticate(request.headers.authorization);
      if (caller instanceof Promise) caller = await caller;
      if (caller instanceof GatewayHttpError) throw caller;
      context.caller = caller.id;
      context.key = caller.key;
    }
    if (limiter !== undefined) {
      // Express's `req.ip` honours its `trust proxy` setting; node:http has the socket only.
      const ip = (request as { ip?: string }).ip ?? request.socket.remoteAddress;
      context.caller ??= `ip:${ip ?? 'unknown'}`;
      const refusal = await limiter(context.caller);
      if (refusal !== undefined) throw refusal;
    }
  };
}
