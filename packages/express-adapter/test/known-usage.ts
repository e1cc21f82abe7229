// A known upstream `usage` and its cost, for the tests of tokens and cost.
import { DEFAULT_MODELS } from '@bulwark/core/models';
import type { CompletionUsage } from 'openai/resources/completions';

/** What the upstream reports; `cached` undefined leaves `prompt_tokens_details` out. */
export function upstreamUsage(prompt: number, cached: number | undefined, completion: number) {
  const usage: CompletionUsage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  };
  if (cached !== undefined) usage.prompt_tokens_details = { cached_tokens: cached };
  return usage;
}

/** What the call costs at the model table's prices, computed here from the prices themselves. */
export function expectedCost(model: string, prompt: number, cached: number, completion: number) {
  const prices = DEFAULT_MODELS[model];
  if (prices === undefined) throw new Error(`${model} has no price`);
  const cachedPrice = prices.cachedInputCostPer1K ?? prices.inputCostPer1K;
  return (
    ((prompt - cached) * prices.inputCostPer1K +
      cached * cachedPrice +
      completion * prices.outputCostPer1K) /
    1000
  );
}
