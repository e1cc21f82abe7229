import type { Response } from 'express';
import { toOpenAIErrorResponse } from '@bulwark/core';
import type { RequestContext } from '../router/request-context.js';

/** Options of {@link streamChatCompletion}. */
export interface StreamChatCompletionOptions {
  /** Where the events go. */
  response: Response;
  /** The chunks, as `client.chat.completions.create({ stream: true })` returns them. */
  stream: AsyncIterable<unknown>;
  /** Extra response headers (the call's facts). */
  headers: Record<string, string>;
  /** The request's context, for the error code of the log line. */
  context: RequestContext;
}

/**
 * Writes a chat completion stream as server-sent events: one
 * `data: {chunk}` frame per chunk, written as it arrives, then
 * `data: [DONE]`. A slow reader is waited for (`drain`), so memory stays
 * bounded; a reader that goes away stops the loop, which aborts the upstream
 * call. A failure after the headers ends the stream with an error frame
 * `data: {"error":{…}}` (OpenAI's error body) and no `[DONE]`, so the caller
 * can tell it from a clean end.
 *
 * @param options - response, stream, headers and context.
 */
export async function streamChatCompletion(options: StreamChatCompletionOptions): Promise<void> {
  const { response, stream, headers, context } = options;
  response.writeHead(200, {
    ...headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-accel-buffering': 'no',
  });
  response.flushHeaders();
  try {
    for await (const chunk of stream) {
      if (response.destroyed) break;
      if (!response.write(`data: ${JSON.stringify(chunk)}\n\n`)) {
        await drained(response);
        if (response.destroyed) break;
      }
    }
  } catch (error) {
    if (response.destroyed) return;
    const { body } = toOpenAIErrorResponse(error);
    context.errorCode = body.error.code ?? undefined;
    response.end(`data: ${JSON.stringify(body)}\n\n`);
    return;
  }
  if (!response.destroyed) response.end('data: [DONE]\n\n');
}

/** Resolves once the response can take more data, or once it closed. */
function drained(response: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}
