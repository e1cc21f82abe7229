import type { CompletionUsage } from 'openai/resources/completions';
import type { CallUsage } from '../events/client-events.js';
import { estimateCost } from '../models/estimate-cost.js';
import type { ModelInfo } from '../models/model-info.js';
import { countPromptTokens, type PromptParts } from '../tokens/count-prompt-tokens.js';
import { loadTokenCounter } from '../tokens/load-token-counter.js';

/** What {@link measureUsage} works from. */
export interface UsageInput {
  /** The upstream's `usage`, when it sent one. */
  usage: CompletionUsage | null | undefined;
  /** The request, to count the prompt when the upstream sent no usage. */
  request: PromptParts;
  /**
   * The preflight prompt count, if there is one: called only when the
   * upstream sent no usage (it may count the prompt then).
   */
  promptTokens: () => number | undefined;
  /** The generated text, to count the completion: called only when the upstream sent no usage. */
  generatedText: () => string;
  /** The model's facts, for the encoding and the price. */
  model: ModelInfo | undefined;
}

/**
 * Token counts and cost of a call: from the upstream's `usage` when present,
 * else counted with the model's tokenizer (`cl100k_base` for models the
 * table does not know), as for a stream without a usage chunk.
 *
 * @param input - the usage, or what to count.
 * @returns the usage at once when the upstream sent it, else a promise (the
 * tokenizer may have to load first).
 */
export function measureUsage(input: UsageInput): CallUsage | Promise<CallUsage> {
  if (input.usage != null) {
    const promptTokens = input.usage.prompt_tokens;
    const completionTokens = input.usage.completion_tokens;
    const cachedTokens = input.usage.prompt_tokens_details?.cached_tokens ?? 0;
    return {
      promptTokens,
      completionTokens,
      cachedTokens,
      totalTokens: promptTokens + completionTokens,
      costUsd: estimateCost(input.model, { promptTokens, completionTokens, cachedTokens }),
      source: 'upstream',
    };
  }
  return countUsage(input);
}

async function countUsage(input: UsageInput): Promise<CallUsage> {
  const count = await loadTokenCounter(input.model?.encoding ?? 'cl100k_base');
  const promptTokens = input.promptTokens() ?? countPromptTokens(input.request, count);
  const completionTokens = count(input.generatedText());
  return {
    promptTokens,
    completionTokens,
    cachedTokens: 0,
    totalTokens: promptTokens + completionTokens,
    costUsd: estimateCost(input.model, { promptTokens, completionTokens }),
    source: 'counted',
  };
}
