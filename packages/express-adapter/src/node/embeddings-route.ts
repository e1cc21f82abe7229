import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BulwarkClient } from '@bulwark/core';
import { callInfoHeaders } from './call-info-headers.js';
import type { KeyGuard } from './key-guard.js';
import { readRequestBody } from './read-request-body.js';
import { coreCallOptions, type RequestContext } from './request-context.js';
import { sendAnswer } from './send-answer.js';

/** The request `client.embeddings.create()` takes (the `openai` SDK's `EmbeddingCreateParams`). */
type EmbeddingParams = Parameters<BulwarkClient['embeddings']['create']>[0];

/** Options of {@link createEmbeddingsRoute}. */
export interface EmbeddingsRouteOptions {
  /** The core client that makes the call. */
  client: BulwarkClient;
  /** Keep the request's `input` for its log line. */
  logPrompts: boolean;
  /** The largest body accepted, in bytes. */
  bodyLimit: number;
  /** With a key store: a store key's models, limits and budget (docs/keys.md). */
  guard?: KeyGuard | undefined;
}

/** Handles one `POST /v1/embeddings`; rejects with what to answer instead. */
export type EmbeddingsRoute = (
  request: IncomingMessage & { body?: unknown },
  response: ServerResponse,
  context: RequestContext,
) => Promise<void>;

/**
 * `POST /v1/embeddings`: as `POST /v1/chat/completions` without streams.
 * Reads and parses the body once, hands it to `client.embeddings.create()`
 * (which validates it, and caches it: embeddings are deterministic) with the
 * request's abort signal, and answers with the response serialised once:
 * `float` arrays, or with `encoding_format: 'base64'` (the `openai` SDK's
 * default) the upstream's base64 text, untouched. What core reports of the
 * call is kept on the request's context for the answer's headers
 * (`x-bulwark-cache`, `x-bulwark-attempts`, `x-bulwark-deployment`) and the
 * log line. A store key's call is checked and its cost reserved first
 * (`guard`), then settled before the answer is sent, or released when the
 * call fails.
 *
 * @param options - the client, prompt logging, body limit and key guard.
 */
export function createEmbeddingsRoute(options: EmbeddingsRouteOptions): EmbeddingsRoute {
  const { client, logPrompts, bodyLimit, guard } = options;
  return async (request, response, context) => {
    // Whatever it is: core's validation answers a body that is not an embeddings request.
    const body = (await readRequestBody(request, bodyLimit)) as EmbeddingParams;
    if (logPrompts) {
      context.prompt = typeof body === 'object' && body !== null ? body.input : undefined;
    }
    const callOptions = coreCallOptions(context);
    const charge =
      guard === undefined || context.key === undefined
        ? undefined
        : await guard(context.key, body, 'embeddings');
    let answer: Awaited<ReturnType<BulwarkClient['embeddings']['create']>>;
    try {
      answer = await client.embeddings.create(body, callOptions);
      // Settled (durably) before the answer is sent, so that spend is counted when it ends.
      await charge?.close({ usage: context.usage, delivered: true });
    } finally {
      // The one place a failed call's reservation is released (a settled one is not closed twice).
      await charge?.close({ usage: undefined, delivered: false }).catch(() => undefined);
    }
    if (response.destroyed) return;
    const info = context.callInfo;
    sendAnswer(
      response,
      context,
      200,
      JSON.stringify(answer),
      info === undefined ? undefined : callInfoHeaders(info),
    );
  };
}
