import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BulwarkClient, ChatRequest } from '@bulwark/core';
import { callInfoHeaders } from './call-info-headers.js';
import type { KeyCharge } from './key-charge.js';
import type { KeyGuard } from './key-guard.js';
import { readRequestBody } from './read-request-body.js';
import { coreCallOptions, type RequestContext } from './request-context.js';
import { sendAnswer } from './send-answer.js';
import { streamChatCompletion } from './stream-chat-completion.js';

/** Options of {@link createChatCompletionsRoute}. */
export interface ChatCompletionsRouteOptions {
  /** The core client that makes the call. */
  client: BulwarkClient;
  /** Keep the request's `messages` for its log line. */
  logPrompts: boolean;
  /** The largest body accepted, in bytes. */
  bodyLimit: number;
  /** What a store key's call goes through (models, limits, budget); with a key store only. */
  guard?: KeyGuard | undefined;
}

/** Handles one `POST /v1/chat/completions`; rejects with what to answer instead. */
export type ChatCompletionsRoute = (
  request: IncomingMessage & { body?: unknown },
  response: ServerResponse,
  context: RequestContext,
) => Promise<void>;

/**
 * `POST /v1/chat/completions`: reads the body as bytes under the limit
 * (or takes `request.body` when a host app's parser already read it),
 * parses it once, hands it to `client.chat.completions.create()` (which
 * validates it) and answers with the completion serialised once, or, with
 * `stream: true`, with server-sent events (whatever `Accept` says). The
 * request's `abort` controller is the call's signal: the handler fires it
 * when the client goes away. What core reports of the call (`onCallInfo`,
 * `onUsage`) is kept on the request's context, for the answer's headers
 * and the log line. With a key store, a store key's call first goes
 * through the key guard (models, limits, reservation), and its charge is
 * settled from `onUsage` before the answer ends (see `KeyCharge`).
 *
 * @param options - the client, prompt logging and body limit.
 */
export function createChatCompletionsRoute(
  options: ChatCompletionsRouteOptions,
): ChatCompletionsRoute {
  const { client, logPrompts, bodyLimit, guard } = options;
  return async (request, response, context) => {
    // Whatever it is: core's validation answers a body that is not a chat request.
    const body = (await readRequestBody(request, bodyLimit)) as ChatRequest;
    const fields = typeof body === 'object' && body !== null ? body : undefined;
    if (logPrompts) context.prompt = fields?.messages;
    const charge =
      guard === undefined || context.key === undefined ? undefined : await guard(context.key, body);
    // Without a store key (the usual call) there is nothing to close: no `finally`, no extra turn.
    if (charge === undefined) {
      await call(client, body, fields, response, context, undefined);
      return;
    }
    try {
      await call(client, body, fields, response, context, charge);
    } finally {
      // The one place a store key's reservation is closed, whatever the exit; a
      // close that already ran (before the answer ended) is not repeated.
      await charge
        .close({ usage: context.usage, delivered: response.headersSent })
        .catch(() => undefined);
    }
  };
}

/** Makes the core call and answers it; a store key's charge is closed before the answer ends. */
async function call(
  client: BulwarkClient,
  body: ChatRequest,
  fields: ChatRequest | undefined,
  response: ServerResponse,
  context: RequestContext,
  charge: KeyCharge | undefined,
): Promise<void> {
  const callOptions = coreCallOptions(context);
  // Settled (durably) before the last byte, so that spend is counted when the answer ends.
  const settle =
    charge === undefined
      ? undefined
      : () => charge.close({ usage: context.usage, delivered: true });
  if (fields?.stream === true) {
    const stream = await client.chat.completions.create(
      body as ChatRequest & { stream: true },
      callOptions,
    );
    const info = context.callInfo;
    await streamChatCompletion({
      response,
      stream,
      headers: info === undefined ? {} : callInfoHeaders(info),
      context,
      beforeEnd: settle,
    });
    return;
  }
  const completion = await client.chat.completions.create(
    body as ChatRequest & { stream?: false | null },
    callOptions,
  );
  if (settle !== undefined) await settle();
  if (response.destroyed) return;
  const info = context.callInfo;
  sendAnswer(
    response,
    context,
    200,
    JSON.stringify(completion),
    info === undefined ? undefined : callInfoHeaders(info),
  );
}
