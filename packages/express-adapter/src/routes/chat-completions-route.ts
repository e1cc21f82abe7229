import type { RequestHandler } from 'express';
import type { BulwarkClient, CallInfo, ChatRequest } from '@bulwark/core';
import { callInfoHeaders } from '../http/call-info-headers.js';
import { getRequestContext } from '../router/request-context.js';
import { streamChatCompletion } from './stream-chat-completion.js';

/** Options of {@link chatCompletionsRoute}. */
export interface ChatCompletionsRouteOptions {
  /** The core client that makes the call. */
  client: BulwarkClient;
  /** Keep the request's `messages` for its log line. */
  logPrompts: boolean;
}

/**
 * `POST /v1/chat/completions`: hands the parsed body to
 * `client.chat.completions.create()` and answers with the completion as
 * JSON, or, with `stream: true`, as server-sent events (whatever `Accept`
 * says). The caller's disconnect aborts the call; errors go to the error
 * middleware (OpenAI-shaped answer).
 *
 * @param options - the client and whether prompts are logged.
 */
export function chatCompletionsRoute(options: ChatCompletionsRouteOptions): RequestHandler {
  const { client, logPrompts } = options;
  return async (request, response) => {
    const context = getRequestContext(response);
    // No body at all (no content-length) leaves `request.body` unset: validate an empty request.
    const body = (request.body ?? {}) as ChatRequest;
    if (logPrompts) context.prompt = body.messages;
    const controller = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) controller.abort(new Error('The client disconnected'));
    });
    let info: CallInfo | undefined;
    const callOptions = {
      signal: controller.signal,
      requestId: context.requestId,
      onCallInfo: (reported: CallInfo) => (info = reported),
    };
    if (body.stream === true) {
      const stream = await client.chat.completions.create({ ...body, stream: true }, callOptions);
      await streamChatCompletion({
        response,
        stream,
        headers: info ? callInfoHeaders(info) : {},
        context,
      });
      return;
    }
    // Sent as it came (core validates it, `stream` included): a body that is
    // not an object fails validation with a 400.
    const completion = await client.chat.completions.create(
      body as ChatRequest & { stream?: false | null },
      callOptions,
    );
    if (info !== undefined) response.set(callInfoHeaders(info));
    response.status(200).json(completion);
  };
}
