import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { ContextLengthExceededError } from '../errors/context-length-exceeded-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { ModelInfo } from '../models/model-info.js';
import { countPromptTokens } from '../tokens/count-prompt-tokens.js';
import { loadTokenCounter } from '../tokens/load-token-counter.js';

/**
 * Counts the prompt tokens of a request for a known model and refuses, before
 * anything is sent, a request that cannot fit: a requested completion
 * (`max_completion_tokens`, else `max_tokens`) above the model's maximum
 * output, or prompt plus requested completion (at least one token) above its
 * context window.
 *
 * @param request - the validated request.
 * @param model - the model's facts.
 * @returns the prompt token count.
 * @throws {@link ValidationError} when the requested completion exceeds the model's maximum output.
 * @throws {@link ContextLengthExceededError} when the request cannot fit the context window.
 */
export async function preflight(
  request: ChatCompletionCreateParams,
  model: ModelInfo,
): Promise<number> {
  const counter = await loadTokenCounter(model.encoding);
  const promptTokens = countPromptTokens(request, counter);
  const field = request.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens';
  const requested = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  if (requested !== undefined && requested > model.maxOutputTokens) {
    const message = `${request.model} produces at most ${model.maxOutputTokens} tokens; ${field} is ${requested}`;
    throw new ValidationError({ message, param: field, issues: [{ path: field, message }] });
  }
  const needed = promptTokens + Math.max(requested ?? 1, 1);
  if (needed > model.contextWindow) {
    throw new ContextLengthExceededError({
      message: `${request.model} has a context window of ${model.contextWindow} tokens; the prompt takes about ${promptTokens} and ${requested ?? 1} more are requested for the completion`,
      param: 'messages',
    });
  }
  return promptTokens;
}
