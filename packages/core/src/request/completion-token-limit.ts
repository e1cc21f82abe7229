import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';

// o1, o1-mini, o3, o3-mini, o3-pro, o4-mini and their snapshots (o3-mini-2025-01-31).
const O_SERIES = /^o[1-9]\d*(?:-|$)/;

/**
 * Whether a model takes its completion limit only as
 * `max_completion_tokens`: OpenAI's o-series reasoning models (`o1`, `o3`,
 * `o3-mini`, `o4-mini`, … and their dated snapshots) refuse `max_tokens`.
 *
 * @param model - the model sent upstream.
 */
export function takesOnlyMaxCompletionTokens(model: string): boolean {
  return O_SERIES.test(model);
}

/**
 * Moves `max_tokens` to `max_completion_tokens` on a body about to be sent
 * to a model that refuses `max_tokens` (see
 * {@link takesOnlyMaxCompletionTokens}): `max_completion_tokens` keeps its
 * own value when the request set both, and a `max_tokens: null` is dropped.
 *
 * @param body - a copy of the request, changed in place.
 */
export function moveMaxTokens(body: ChatCompletionCreateParams): void {
  const limit = body.max_tokens;
  delete body.max_tokens;
  if (limit !== null && limit !== undefined) body.max_completion_tokens ??= limit;
}
