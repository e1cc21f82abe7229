import type { ChatCompletion, ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { countCompletionTokens, countPromptTokens } from './count-tokens.js';

/**
 * Adds the `usage` OpenAI would bill for a completion (prompt tokens of the
 * request, completion tokens of the reply) unless the completion has one.
 * @internal
 */
export function withUsage(
  completion: ChatCompletion,
  body: ChatCompletionCreateParams,
): ChatCompletion {
  if (completion.usage) return completion;
  const promptTokens = countPromptTokens(body);
  const completionTokens = countCompletionTokens(completion);
  return {
    ...completion,
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: {
        reasoning_tokens: 0,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    },
  };
}
