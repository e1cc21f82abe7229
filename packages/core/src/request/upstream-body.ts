import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';

/**
 * The body sent to a deployment: the call's request, with the model the
 * deployment is sent (a route's deployment may name its own), and, for a
 * stream, `stream_options.include_usage: true` whatever the caller asked,
 * so that every stream is counted and priced from the upstream's usage (the
 * caller's stream shows the usage only if it asked; see `withoutUsage`).
 * The request itself is never changed: the cache keys on it.
 *
 * @param request - the validated request.
 * @param model - the model to send.
 * @param stream - whether the call is a stream.
 */
export function upstreamBody(
  request: ChatCompletionCreateParams,
  model: string,
  stream: boolean,
): ChatCompletionCreateParams {
  const askUsage = stream && request.stream_options?.include_usage !== true;
  if (!askUsage) return model === request.model ? request : { ...request, model };
  const body = { ...request, model };
  body.stream_options = { ...request.stream_options, include_usage: true };
  return body;
}
