import type { ModelInfo } from './model-info.js';

/** A model table entry from prices in US dollars per million tokens, as OpenAI lists them. */
function model(
  contextWindow: number,
  maxOutputTokens: number,
  encoding: ModelInfo['encoding'],
  perMillion: { input: number; cachedInput?: number; output: number },
): ModelInfo {
  return Object.freeze({
    contextWindow,
    maxOutputTokens,
    encoding,
    inputCostPer1K: perMillion.input / 1000,
    cachedInputCostPer1K: (perMillion.cachedInput ?? perMillion.input) / 1000,
    outputCostPer1K: perMillion.output / 1000,
  });
}

const GPT_4 = model(8192, 8192, 'cl100k_base', { input: 30, output: 60 });
const GPT_4_TURBO = model(128_000, 4096, 'cl100k_base', { input: 10, output: 30 });
const GPT_4_1_WINDOW = 1_047_576;
const O_SERIES_WINDOW = 200_000;
/** The most tokens of one input of OpenAI's embedding models. */
const EMBEDDING_INPUT_TOKENS = 8191;

/** An embedding model: no output, priced per input token, vectors of `dimensions` by default. */
function embeddingModel(dimensions: number, inputPerMillion: number): ModelInfo {
  return Object.freeze({
    ...model(EMBEDDING_INPUT_TOKENS, 0, 'cl100k_base', { input: inputPerMillion, output: 0 }),
    dimensions,
  });
}

/**
 * The built-in model table: the GPT-4, GPT-4o, GPT-4.1 and o-series families
 * with OpenAI's published context windows, output limits, tokenizers and
 * standard-tier list prices (USD per 1K tokens; cached input where OpenAI
 * discounts it, else the input price), and the embedding models
 * (`text-embedding-3-small`, `-3-large`, `text-embedding-ada-002`: 8191
 * tokens per input, no output, their default vector `dimensions`). Dated snapshots not listed here (e.g.
 * `gpt-4o-2024-08-06`) resolve to their family's entry; see `findModel`.
 * Extend or correct it with `createClient({ models })` or
 * `BULWARK_MODELS_FILE` (docs/observability.md, "Cost").
 */
export const DEFAULT_MODELS: Readonly<Record<string, ModelInfo>> = Object.freeze({
  'gpt-4': GPT_4,
  'gpt-4-0613': GPT_4,
  'gpt-4-32k': model(32_768, 32_768, 'cl100k_base', { input: 60, output: 120 }),
  'gpt-4-1106-preview': GPT_4_TURBO,
  'gpt-4-0125-preview': GPT_4_TURBO,
  'gpt-4-turbo-preview': GPT_4_TURBO,
  'gpt-4-turbo': GPT_4_TURBO,
  'gpt-4o': model(128_000, 16_384, 'o200k_base', { input: 2.5, cachedInput: 1.25, output: 10 }),
  'gpt-4o-2024-05-13': model(128_000, 4096, 'o200k_base', { input: 5, output: 15 }),
  'gpt-4o-mini': model(128_000, 16_384, 'o200k_base', {
    input: 0.15,
    cachedInput: 0.075,
    output: 0.6,
  }),
  'gpt-4.1': model(GPT_4_1_WINDOW, 32_768, 'o200k_base', { input: 2, cachedInput: 0.5, output: 8 }),
  'gpt-4.1-mini': model(GPT_4_1_WINDOW, 32_768, 'o200k_base', {
    input: 0.4,
    cachedInput: 0.1,
    output: 1.6,
  }),
  'gpt-4.1-nano': model(GPT_4_1_WINDOW, 32_768, 'o200k_base', {
    input: 0.1,
    cachedInput: 0.025,
    output: 0.4,
  }),
  o1: model(O_SERIES_WINDOW, 100_000, 'o200k_base', { input: 15, cachedInput: 7.5, output: 60 }),
  'o1-mini': model(128_000, 65_536, 'o200k_base', { input: 1.1, cachedInput: 0.55, output: 4.4 }),
  o3: model(O_SERIES_WINDOW, 100_000, 'o200k_base', { input: 2, cachedInput: 0.5, output: 8 }),
  'o3-mini': model(O_SERIES_WINDOW, 100_000, 'o200k_base', {
    input: 1.1,
    cachedInput: 0.55,
    output: 4.4,
  }),
  'o4-mini': model(O_SERIES_WINDOW, 100_000, 'o200k_base', {
    input: 1.1,
    cachedInput: 0.275,
    output: 4.4,
  }),
  'text-embedding-3-small': embeddingModel(1536, 0.02),
  'text-embedding-3-large': embeddingModel(3072, 0.13),
  'text-embedding-ada-002': embeddingModel(1536, 0.1),
});
