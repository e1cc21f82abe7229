import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { moveMaxTokens, takesOnlyMaxCompletionTokens } from './completion-token-limit.js';

/**
 * The body sent to a deployment: the call's request, every field it holds
 * (known or not) as it is, with the model the deployment is sent (a route's
 * deployment may name its own); for a stream, `stream_options.include_usage:
 * true` whatever the caller asked, so that every stream is counted and priced
 * from the upstream's usage (the caller's stream shows the usage only if it
 * asked; see `withoutUsage`); and for an o-series model (`o1`, `o3-mini`,
 * `o4-mini`, …), which refuses `max_tokens`, that limit sent as
 * `max_completion_tokens`. The request itself is never changed: the cache
 * keys on it.
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
  const moveLimit = request.max_tokens !== undefined && takesOnlyMaxCompletionTokens(model);
  if (!askUsage && !moveLimit && model === request.model) return request;
  // Spreads, then fields set: the caller's keys are copied as data (`Object.assign` would make a
  // `__proto__` key the copy's prototype).
  const body = { ...request };
  body.model = model;
  if (askUsage) {
    const streamOptions = { ...request.stream_options };
    streamOptions.include_usage = true;
    body.stream_options = streamOptions;
  }
  if (moveLimit) moveMaxTokens(body);
  return body;
}
