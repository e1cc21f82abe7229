/**
 * `@bulwark/core/models`: the model table (context window, output bound,
 * tokenizer, price), cost estimates and prompt (and embeddings input) token counting.
 *
 * @module @bulwark/core/models
 */
export { DEFAULT_MODELS } from './default-models.js';
export { withDefaultModels } from './with-default-models.js';
export type { ModelInfo, TokenizerEncoding } from './model-info.js';
export { findModel } from './find-model.js';
export { loadModelsFile } from './load-models-file.js';
export { estimateCost, type TokenUsage } from './estimate-cost.js';
export { countPromptTokens, type PromptParts } from '../tokens/count-prompt-tokens.js';
export { countEmbeddingTokens } from '../tokens/count-embedding-tokens.js';
export { loadTokenCounter, type TokenCounter } from '../tokens/load-token-counter.js';
