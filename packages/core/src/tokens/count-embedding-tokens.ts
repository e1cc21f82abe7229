import type { EmbeddingCreateParams } from 'openai/resources/embeddings';
import type { TokenCounter } from './load-token-counter.js';

/** The inputs of an embeddings request, each a text or an array of token ids. */
export type EmbeddingInputs = readonly (string | readonly number[])[];

/**
 * The inputs of an embeddings request one by one: a single text or token
 * array is one input; an array of texts or of token arrays is many.
 *
 * @param input - the request's `input`.
 */
export function embeddingInputs(input: EmbeddingCreateParams['input']): EmbeddingInputs {
  if (typeof input === 'string') return [input];
  if (input.length > 0 && typeof input[0] === 'number') return [input as number[]];
  return input as (string | number[])[];
}

/**
 * The tokens of one input: a token array's length, or the text counted.
 *
 * @param input - a text or an array of token ids.
 * @param count - the model's token counter.
 */
export function countInputTokens(input: string | readonly number[], count: TokenCounter): number {
  return typeof input === 'string' ? count(input) : input.length;
}

/**
 * The prompt tokens of an embeddings request, as OpenAI counts its
 * `usage.prompt_tokens`: the tokens of every input, added up (no framing).
 *
 * @param input - the request's `input`.
 * @param count - the model's token counter.
 * @example
 * ```ts
 * countEmbeddingTokens(['hello', [9906, 1917]], count); // 1 + 2
 * ```
 */
export function countEmbeddingTokens(
  input: EmbeddingCreateParams['input'],
  count: TokenCounter,
): number {
  let total = 0;
  for (const item of embeddingInputs(input)) total += countInputTokens(item, count);
  return total;
}
