import type { ModelInfo } from './model-info.js';

const GPT_4: ModelInfo = {
  contextWindow: 8192,
  maxOutputTokens: 8192,
  encoding: 'cl100k_base',
  inputCostPer1K: 0.03,
  outputCostPer1K: 0.06,
};

const GPT_4_TURBO: ModelInfo = {
  contextWindow: 128_000,
  maxOutputTokens: 4096,
  encoding: 'cl100k_base',
  inputCostPer1K: 0.01,
  outputCostPer1K: 0.03,
};

/**
 * The built-in model table: the GPT-4 family with OpenAI's published context
 * windows, output limits, tokenizers and list prices (USD per 1K tokens).
 * Dated snapshots not listed here (e.g. `gpt-4o-2024-08-06`) resolve to their
 * family's entry; see `findModel`. Extend or correct it with
 * `createClient({ models })`.
 */
export const DEFAULT_MODELS: Readonly<Record<string, ModelInfo>> = Object.freeze({
  'gpt-4': GPT_4,
  'gpt-4-0613': GPT_4,
  'gpt-4-32k': {
    contextWindow: 32_768,
    maxOutputTokens: 32_768,
    encoding: 'cl100k_base',
    inputCostPer1K: 0.06,
    outputCostPer1K: 0.12,
  },
  'gpt-4-1106-preview': GPT_4_TURBO,
  'gpt-4-0125-preview': GPT_4_TURBO,
  'gpt-4-turbo-preview': GPT_4_TURBO,
  'gpt-4-turbo': GPT_4_TURBO,
  'gpt-4o': {
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    encoding: 'o200k_base',
    inputCostPer1K: 0.0025,
    outputCostPer1K: 0.01,
  },
  'gpt-4o-mini': {
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    encoding: 'o200k_base',
    inputCostPer1K: 0.00015,
    outputCostPer1K: 0.0006,
  },
});
