import type { ErrorRequestHandler } from 'express';
import { isBulwarkError, type Logger } from '@bulwark/core';
import { findRequestContext } from '../router/request-context.js';
import { sendGatewayError, sendOpenAIError } from './send-openai-error.js';

/** The fields `body-parser` (through `http-errors`) puts on the errors it raises. */
interface BodyParserError {
  type: string;
  status: number;
}

const BODY_ERRORS: Readonly<Record<string, { status: number; message: string; code: string }>> = {
  'entity.parse.failed': {
    status: 400,
    message: 'The request body is not valid JSON',
    code: 'invalid_json',
  },
  'entity.too.large': {
    status: 413,
    message: 'The request body is larger than the gateway accepts',
    code: 'request_too_large',
  },
  'encoding.unsupported': {
    status: 415,
    message: 'The request body has an unsupported content encoding',
    code: 'unsupported_encoding',
  },
  'charset.unsupported': {
    status: 415,
    message: 'The request body has an unsupported charset',
    code: 'unsupported_charset',
  },
  'request.size.invalid': {
    status: 400,
    message: 'The request body is shorter or longer than its content-length',
    code: 'invalid_body',
  },
  'request.aborted': { status: 400, message: 'The request was aborted', code: 'aborted' },
};

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as Partial<BodyParserError>).type === 'string' &&
    typeof (error as Partial<BodyParserError>).status === 'number'
  );
}

/**
 * The gateway's error middleware: every error ends as an OpenAI-shaped JSON
 * answer, never as Express's HTML page or a stack trace. Body errors map to
 * 400 (malformed JSON), 413 (over the body limit) or 415; Bulwark errors to
 * the table of DESIGN §3; anything else to a bare 500, logged by name only.
 * When the answer has already started, the connection is closed instead.
 *
 * @param logger - where unexpected errors are reported.
 */
export function handleGatewayError(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _request, response, _next) => {
    const context = findRequestContext(response);
    // The client is gone (its abort is likely the error): nobody to answer.
    if (response.destroyed) return;
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const known = isBodyParserError(error) ? BODY_ERRORS[error.type] : undefined;
    if (known !== undefined) {
      if (context !== undefined) context.errorCode = known.code;
      sendGatewayError(response, known.status, {
        message: known.message,
        type: 'invalid_request_error',
        param: null,
        code: known.code,
      });
      return;
    }
    if (!isBulwarkError(error)) {
      // Only the class name: a message or stack could carry request data.
      logger.error(
        {
          requestId: context?.requestId,
          errorName: error instanceof Error ? error.name : typeof error,
        },
        'Unexpected error in the gateway',
      );
    }
    const code = sendOpenAIError(response, error);
    if (context !== undefined) context.errorCode = code ?? undefined;
  };
}
