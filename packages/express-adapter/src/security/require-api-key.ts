import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Secret } from '@bulwark/core';
import { sendGatewayError } from '../http/send-openai-error.js';
import { getRequestContext } from '../router/request-context.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Middleware that lets a request through only with `Authorization: Bearer
 * <key>` naming one of `apiKeys`, else answers 401 in OpenAI's error shape.
 * Both sides are hashed with SHA-256 and compared with
 * `crypto.timingSafeEqual`, and every key is compared, so the time taken
 * tells nothing about a key's content or length. The caller is then
 * identified by a short hash of its key (for the per-caller limit and logs).
 *
 * @param apiKeys - the accepted keys, in clear or as `Secret`s; must not be empty.
 * @throws TypeError when `apiKeys` is empty (use no middleware for an open gateway).
 */
export function requireApiKey(apiKeys: readonly (string | Secret)[]): RequestHandler {
  if (apiKeys.length === 0) throw new TypeError('requireApiKey needs at least one key');
  const expected = apiKeys.map((key) => digest(typeof key === 'string' ? key : key.reveal()));
  return (request, response, next) => {
    const match = BEARER.exec(request.get('authorization') ?? '');
    const presented = digest(match?.[1] ?? '');
    let accepted = false;
    for (const key of expected) accepted = timingSafeEqual(presented, key) || accepted;
    if (match !== null && accepted) {
      getRequestContext(response).caller = `key:${presented.toString('hex').slice(0, 12)}`;
      next();
      return;
    }
    getRequestContext(response).errorCode = 'invalid_api_key';
    response.set('www-authenticate', 'Bearer');
    sendGatewayError(response, 401, {
      message:
        match === null
          ? 'Missing API key: send it as "Authorization: Bearer <key>"'
          : 'Incorrect API key provided',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    });
  };
}
