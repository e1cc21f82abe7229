import type { RequestHandler } from 'express';
import { sendGatewayError } from './send-openai-error.js';

/**
 * Answers any request no route took with a JSON 404 in OpenAI's error shape.
 * Mount it after the gateway router (`createGatewayApp` does).
 */
export function notFoundHandler(): RequestHandler {
  return (request, response) => {
    sendGatewayError(response, 404, {
      message: `Unknown route: ${request.method} ${request.path.slice(0, 200)}`,
      type: 'invalid_request_error',
      param: null,
      code: 'not_found',
    });
  };
}
