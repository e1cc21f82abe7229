import type { RequestHandler } from 'express';
import { GatewayHttpError } from '../node/gateway-http-error.js';
import { sendError } from '../node/send-error.js';
import { silentLogger } from '@bulwark/core';
import { expressRequestContext } from './express-request-context.js';

/**
 * Answers any request no route took with a JSON 404 in OpenAI's error shape.
 * Mount it after the gateway router (`createGatewayApp` does).
 */
export function notFoundHandler(): RequestHandler {
  return (request, response) => {
    const refusal = new GatewayHttpError({
      status: 404,
      code: 'not_found',
      message: `Unknown route: ${request.method} ${request.path.slice(0, 200)}`,
    });
    sendError(response, expressRequestContext(request, response), refusal, silentLogger);
  };
}
