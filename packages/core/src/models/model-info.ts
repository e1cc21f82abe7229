/** Tokenizer encodings the preflight count knows. */
export type TokenizerEncoding = 'cl100k_base' | 'o200k_base';

/**
 * What Bulwark knows of a model: enough to refuse a prompt that cannot fit
 * before sending it, and to price a call.
 */
export interface ModelInfo {
  /**
   * Context window in tokens (prompt and completion together); for an
   * embedding model, the most tokens of one input.
   */
  contextWindow: number;
  /** Largest completion the model produces, in tokens (0 for an embedding model). */
  maxOutputTokens: number;
  /** Tokenizer of the model's family. */
  encoding: TokenizerEncoding;
  /** Price in US dollars per 1,000 prompt tokens. */
  inputCostPer1K: number;
  /**
   * Price in US dollars per 1,000 prompt tokens read from OpenAI's prompt
   * cache (`usage.prompt_tokens_details.cached_tokens`).
   * @default inputCostPer1K (a model without a cache discount)
   */
  cachedInputCostPer1K?: number | undefined;
  /** Price in US dollars per 1,000 completion tokens. */
  outputCostPer1K: number;
  /**
   * For an embedding model: the length of the vectors it returns when the
   * request sets no `dimensions`. Absent for a chat model.
   */
  dimensions?: number | undefined;
}
