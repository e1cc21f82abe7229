import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { ContextLengthExceededError, ValidationError } from '../errors/errors.js';
import type { ModelInfo } from '../models/model-info.js';
import { countPromptTokens } from '../tokens/count-prompt-tokens.js';
import {
  loadTokenCounter,
  loadedTokenCounter,
  type TokenCounter,
} from '../tokens/load-token-counter.js';
import { promptTokenBound } from '../tokens/prompt-token-bound.js';

/**
 * Checks that a request for a known model can fit, before anything is sent:
 * refuses a requested completion (`max_completion_tokens`, else
 * `max_tokens`) above the model's maximum output, or prompt plus requested
 * completion (at least one token) above its context window.
 *
 * The exact count is only needed when the cheap upper bound of
 * {@link promptTokenBound} does not already fit: otherwise the prompt is
 * counted on first use of the returned function (events, the rate limiter,
 * usage without an upstream `usage`), once, with the same result.
 *
 * @param request - the validated request; it must not change afterwards.
 * @param model - the model's facts.
 * @returns the prompt token count, as a memoised function; at once when the
 * model's tokenizer is loaded already, else once it is.
 * @throws {@link ValidationError} when the requested completion exceeds the model's maximum output.
 * @throws {@link ContextLengthExceededError} when the request cannot fit the context window.
 */
export function preflight(
  request: ChatCompletionCreateParams,
  model: ModelInfo,
): (() => number) | Promise<() => number> {
  const counter = loadedTokenCounter(model.encoding);
  return counter === undefined
    ? loadTokenCounter(model.encoding).then((loaded) => check(request, model, loaded))
    : check(request, model, counter);
}

function check(
  request: ChatCompletionCreateParams,
  model: ModelInfo,
  counter: TokenCounter,
): () => number {
  let promptTokens: number | undefined;
  const count = (): number => (promptTokens ??= countPromptTokens(request, counter));
  const field = request.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens';
  const requested = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  if (requested !== undefined && requested > model.maxOutputTokens) {
    const message = `${request.model} produces at most ${model.maxOutputTokens} tokens; ${field} is ${requested}`;
    throw new ValidationError({ message, param: field, issues: [{ path: field, message }] });
  }
  const reserve = Math.max(requested ?? 1, 1);
  const fitsForSure = promptTokenBound(request) + reserve <= model.contextWindow;
  if (!fitsForSure && count() + reserve > model.contextWindow) {
    throw new ContextLengthExceededError({
      message: `${request.model} has a context window of ${model.contextWindow} tokens; the prompt takes about ${count()} and ${requested ?? 1} more are requested for the completion`,
      param: 'messages',
    });
  }
  return count;
}
