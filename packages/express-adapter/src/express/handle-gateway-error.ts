import type { ErrorRequestHandler } from 'express';
import type { Logger } from '@bulwark/core';
import { fromBodyParserError } from '../node/body-errors.js';
import { sendError } from '../node/send-error.js';
import { expressRequestContext } from './express-request-context.js';

/**
 * An Express error middleware: every error ends as an OpenAI-shaped JSON
 * answer, never as Express's HTML page or a stack trace. body-parser's
 * errors map to 400 (malformed JSON), 413 (over the body limit) or 415;
 * Bulwark errors to `toOpenAIErrorResponse`; anything else to a bare 500,
 * logged by name only. When the answer has already started, the connection
 * is closed instead. `createGatewayApp()` mounts it last.
 *
 * @param logger - where unexpected errors are reported.
 */
export function handleGatewayError(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, _next) => {
    const context = expressRequestContext(request, response);
    sendError(response, context, fromBodyParserError(error) ?? error, logger);
  };
}
