import type { Response } from 'express';
import { toOpenAIErrorResponse, type OpenAIErrorBody } from '@bulwark/core';

/**
 * Answers with an OpenAI-shaped error: the status, headers and body of
 * `toOpenAIErrorResponse(error)`, plus `x-bulwark-upstream-request-id` when
 * the upstream's request id is known.
 *
 * @param response - the Express response (headers not sent yet).
 * @param error - anything thrown while handling the request.
 * @returns the error code sent.
 */
export function sendOpenAIError(response: Response, error: unknown): string | null {
  const { status, headers, body } = toOpenAIErrorResponse(error);
  response.set(headers);
  const upstreamRequestId = (error as { requestId?: unknown } | null)?.requestId;
  if (typeof upstreamRequestId === 'string') {
    response.set('x-bulwark-upstream-request-id', upstreamRequestId);
  }
  response.status(status).json(body);
  return body.error.code;
}

/**
 * Answers with an OpenAI-shaped error built by the gateway itself (bad JSON,
 * unknown route, missing key, …).
 *
 * @param response - the Express response (headers not sent yet).
 * @param status - the HTTP status.
 * @param error - the `error` object of the body.
 */
export function sendGatewayError(
  response: Response,
  status: number,
  error: OpenAIErrorBody['error'],
): void {
  response.status(status).json({ error } satisfies OpenAIErrorBody);
}
