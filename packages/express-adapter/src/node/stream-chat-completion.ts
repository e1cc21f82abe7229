import type { ServerResponse } from 'node:http';
import { toOpenAIErrorResponse } from '@bulwark/core';
import { GatewayHttpError } from './gateway-http-error.js';
import type { RequestContext } from './request-context.js';

/** Options of {@link streamChatCompletion}. */
export interface StreamChatCompletionOptions {
  /** Where the events go (a `node:http` or an Express response). */
  response: ServerResponse;
  /** The chunks, as `client.chat.completions.create({ stream: true })` returns them. */
  stream: AsyncIterable<unknown>;
  /** Extra response headers (the call's facts). */
  headers: Readonly<Record<string, string>>;
  /** The request's context: its id for `x-request-id`, and the error code of the log line. */
  context: RequestContext;
  /**
   * Runs after the last chunk and before `data: [DONE]` (a store key's
   * settle): the stream ends only once it resolved; when it rejects, the
   * stream ends with its error frame instead.
   */
  beforeEnd?: (() => Promise<void>) | undefined;
}

const EVENT_STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
} as const;

/**
 * Writes a chat completion stream as server-sent events: the headers at
 * once, then one `data: {chunk}` frame per chunk, written as it arrives
 * (nothing is held back), then `data: [DONE]`. A slow reader is waited for
 * (`drain`), so memory stays bounded; a reader that goes away stops the
 * loop, which aborts the upstream call. A failure after the headers ends
 * the stream with an error frame `data: {"error":{…}}` (OpenAI's error
 * body) and no `[DONE]`, so the caller can tell it from a clean end.
 *
 * @param options - response, stream, headers and context.
 */
export async function streamChatCompletion(options: StreamChatCompletionOptions): Promise<void> {
  const { response, stream, headers, context, beforeEnd } = options;
  const all: Record<string, string> = Object.assign({}, headers);
  all['x-request-id'] = context.requestId;
  response.writeHead(200, Object.assign(all, EVENT_STREAM_HEADERS));
  response.flushHeaders();
  try {
    for await (const chunk of stream) {
      if (response.destroyed) break;
      if (!response.write(`data: ${JSON.stringify(chunk)}\n\n`)) {
        await drained(response);
        if (response.destroyed) break;
      }
    }
    if (!response.destroyed) await beforeEnd?.();
  } catch (error) {
    if (response.destroyed) return;
    const body =
      error instanceof GatewayHttpError ? error.toBody() : toOpenAIErrorResponse(error).body;
    context.errorCode = body.error.code ?? undefined;
    response.end(`data: ${JSON.stringify(body)}\n\n`);
    return;
  }
  if (!response.destroyed) response.end('data: [DONE]\n\n');
}

/** Resolves once the response can take more data, or once it closed. */
function drained(response: ServerResponse): Promise<void> {
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
