import type { ModelInfo } from './model-info.js';

/** Token counts of one call. */
export interface TokenUsage {
  /** Tokens of the prompt, the cached ones included (as OpenAI's `prompt_tokens`). */
  promptTokens: number;
  /** Tokens of the completion. */
  completionTokens: number;
  /** Of the prompt tokens, those read from OpenAI's prompt cache. @default 0 */
  cachedTokens?: number | undefined;
}

/**
 * Prices a call as OpenAI bills it: `prompt_tokens` includes the cached
 * ones, so the cost is (prompt − cached) × input + cached × cached input +
 * completion × output, at the model's prices per 1,000 tokens.
 *
 * @param model - the model's facts, or `undefined` for an unknown model.
 * @param usage - prompt, cached and completion tokens.
 * @returns the cost in US dollars; `0` for an unknown model.
 * @example
 * ```ts
 * const model = findModel(DEFAULT_MODELS, 'gpt-4o');
 * estimateCost(model, { promptTokens: 2000, cachedTokens: 1024, completionTokens: 100 });
 * ```
 */
export function estimateCost(model: ModelInfo | undefined, usage: TokenUsage): number {
  if (model === undefined) return 0;
  // Never more cached than prompt tokens, whatever an upstream reports.
  const cached = Math.min(Math.max(usage.cachedTokens ?? 0, 0), usage.promptTokens);
  const cachedPrice = model.cachedInputCostPer1K ?? model.inputCostPer1K;
  return (
    ((usage.promptTokens - cached) * model.inputCostPer1K +
      cached * cachedPrice +
      usage.completionTokens * model.outputCostPer1K) /
    1000
  );
}
