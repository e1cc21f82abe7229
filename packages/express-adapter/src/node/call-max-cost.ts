import type { ChatRequest } from '@bulwark/core';
import {
  countEmbeddingTokens,
  countPromptTokens,
  estimateCost,
  loadTokenCounter,
  type ModelInfo,
} from '@bulwark/core/models';

/**
 * The prompt tokens of a chat request, counted with the model's tokenizer
 * (core's `countPromptTokens`); 0 for a body without `messages` (core's
 * validation refuses it).
 *
 * @param request - the request body.
 * @param model - the model's facts, for its encoding (cl100k_base when unknown).
 */
export async function promptTokensOf(
  request: Partial<ChatRequest>,
  model: ModelInfo | undefined,
): Promise<number> {
  if (!Array.isArray(request.messages)) return 0;
  const count = await loadTokenCounter(model?.encoding ?? 'cl100k_base');
  try {
    return countPromptTokens(request as ChatRequest, count);
  } catch {
    // A malformed message: core's validation answers it, before anything is spent.
    return 0;
  }
}

/**
 * The input tokens of an embeddings request, counted with the model's
 * tokenizer (core's `countEmbeddingTokens`); 0 for a body without a usable
 * `input` (core's validation refuses it).
 *
 * @param request - the request body.
 * @param model - the model's facts, for its encoding (cl100k_base when unknown).
 */
export async function inputTokensOf(
  request: { input?: unknown },
  model: ModelInfo | undefined,
): Promise<number> {
  const input = request.input;
  if (typeof input !== 'string' && !Array.isArray(input)) return 0;
  const count = await loadTokenCounter(model?.encoding ?? 'cl100k_base');
  try {
    return countEmbeddingTokens(input as string | string[], count);
  } catch {
    // A malformed input: core's validation answers it, before anything is spent.
    return 0;
  }
}

/**
 * The most a chat call can cost: its prompt tokens plus, for each of its
 * `n` choices, the requested `max_completion_tokens` (else `max_tokens`,
 * else the model's output maximum), at the model's prices (core's
 * `estimateCost`, with no cached-token discount).
 *
 * @param request - the request body.
 * @param model - the model's facts.
 * @param promptTokens - its prompt tokens.
 */
export function callMaxCost(
  request: Partial<ChatRequest>,
  model: ModelInfo,
  promptTokens: number,
): number {
  const requested = request.max_completion_tokens ?? request.max_tokens;
  const perChoice =
    typeof requested === 'number' && requested >= 0 ? requested : model.maxOutputTokens;
  const choices = typeof request.n === 'number' && request.n > 1 ? request.n : 1;
  return estimateCost(model, { promptTokens, completionTokens: perChoice * choices });
}
