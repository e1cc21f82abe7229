import type { ModelInfo } from './model-info.js';

/** Token counts of one call. */
export interface TokenUsage {
  /** Tokens of the prompt. */
  promptTokens: number;
  /** Tokens of the completion. */
  completionTokens: number;
}

/**
 * Prices a call from its token counts and the model's list prices.
 *
 * @param model - the model's facts, or `undefined` for an unknown model.
 * @param usage - prompt and completion tokens.
 * @returns the cost in US dollars; `0` for an unknown model.
 */
export function estimateCost(model: ModelInfo | undefined, usage: TokenUsage): number {
  if (model === undefined) return 0;
  return (
    (usage.promptTokens * model.inputCostPer1K + usage.completionTokens * model.outputCostPer1K) /
    1000
  );
}
