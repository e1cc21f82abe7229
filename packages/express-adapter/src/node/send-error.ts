import type { ServerResponse } from 'node:http';
import { isBulwarkError, toOpenAIErrorResponse, type Logger } from '@bulwark/core';
import { callInfoHeaders } from './call-info-headers.js';
import { GatewayHttpError } from './gateway-http-error.js';
import type { RequestContext } from './request-context.js';
import { sendAnswer } from './send-answer.js';

/**
 * Answers a failed request with an OpenAI-shaped error, never HTML or a
 * stack: a {@link GatewayHttpError} as it says; a Bulwark error with the
 * status, headers and body of `toOpenAIErrorResponse` (plus
 * `x-bulwark-upstream-request-id` when the upstream's id is known);
 * anything else as a bare 500 `internal_error`, logged by class name only.
 * When core reported the call's facts before failing, the answer also
 * carries their headers (`x-bulwark-attempts`, `x-bulwark-deployment`, …);
 * the error's own headers win.
 * When the answer has already started the connection is cut instead, and
 * when the client is gone nothing is sent.
 *
 * @param response - the response.
 * @param context - the request's context; its `errorCode` is set.
 * @param error - what went wrong.
 * @param logger - where unexpected errors are reported.
 */
export function sendError(
  response: ServerResponse,
  context: RequestContext,
  error: unknown,
  logger: Logger,
): void {
  if (error instanceof GatewayHttpError) {
    context.errorCode = error.code;
    if (response.destroyed || response.headersSent) return void response.destroy();
    sendAnswer(response, context, error.status, JSON.stringify(error.toBody()), error.headers);
    return;
  }
  if (!isBulwarkError(error)) {
    // Only the class name: a message or stack could carry request data.
    logger.error(
      {
        requestId: context.requestId,
        errorName: error instanceof Error ? error.name : typeof error,
      },
      'Unexpected error in the gateway',
    );
  }
  const answer = toOpenAIErrorResponse(error);
  const { status, body } = answer;
  context.errorCode = body.error.code ?? undefined;
  // The client is gone (its abort is likely the error): nobody to answer.
  if (response.destroyed || response.headersSent) return void response.destroy();
  const info = context.callInfo;
  const headers =
    info === undefined ? answer.headers : Object.assign(callInfoHeaders(info), answer.headers);
  const upstreamRequestId = (error as { requestId?: unknown } | null)?.requestId;
  if (typeof upstreamRequestId === 'string') {
    headers['x-bulwark-upstream-request-id'] = upstreamRequestId;
  }
  sendAnswer(response, context, status, JSON.stringify(body), headers);
}
