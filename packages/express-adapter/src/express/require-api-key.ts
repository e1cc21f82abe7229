import type { RequestHandler } from 'express';
import { silentLogger, type Secret } from '@bulwark/core';
import { createCallerKeyCheck } from '../node/check-caller-key.js';
import { sendError } from '../node/send-error.js';
import { expressRequestContext } from './express-request-context.js';

/**
 * Express middleware that lets a request through only with `Authorization:
 * Bearer <key>` naming one of `apiKeys`, else answers 401 in OpenAI's error
 * shape; keys are compared in constant time. The caller is then identified
 * by a short hash of its key (for the per-caller limit and logs).
 *
 * The gateway router and handler check keys themselves (`apiKeys`); this is
 * for routes of your own.
 *
 * @param apiKeys - the accepted keys, in clear or as `Secret`s; must not be empty.
 * @throws TypeError when `apiKeys` is empty (use no middleware for an open gateway).
 */
export function requireApiKey(apiKeys: readonly (string | Secret)[]): RequestHandler {
  const check = createCallerKeyCheck(apiKeys);
  return (request, response, next) => {
    const context = expressRequestContext(request, response);
    const caller = check(request.get('authorization'));
    if (typeof caller === 'string') {
      context.caller = caller;
      next();
      return;
    }
    sendError(response, context, caller, silentLogger);
  };
}
