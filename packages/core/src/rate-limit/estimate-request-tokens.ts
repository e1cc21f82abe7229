import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { TokenizerEncoding } from '../models/model-info.js';
import { rateLimitOptionsSchema } from '../options/rate-limit-options-schema.js';
import { countPromptTokens } from '../tokens/count-prompt-tokens.js';
import { loadTokenCounter } from '../tokens/load-token-counter.js';

/**
 * Completion reserve of a request that sets neither `max_completion_tokens`
 * nor `max_tokens`: the default of `rateLimit.defaultCompletionTokens`.
 */
export const DEFAULT_COMPLETION_TOKENS: number =
  rateLimitOptionsSchema.shape.defaultCompletionTokens.parse(undefined);

/** Options of {@link estimateRequestTokens}. */
export interface EstimateRequestTokensOptions {
  /** The request as it will be sent. */
  request: Pick<
    ChatCompletionCreateParams,
    'messages' | 'tools' | 'max_completion_tokens' | 'max_tokens' | 'n'
  >;
  /** Prompt tokens already counted (by the preflight); counted here when absent. */
  promptTokens?: number | undefined;
  /** Encoding to count the prompt with when `promptTokens` is absent. @default 'cl100k_base' */
  encoding?: TokenizerEncoding | undefined;
  /**
   * Completion reserve when the request sets no maximum.
   * @default {@link DEFAULT_COMPLETION_TOKENS}
   */
  defaultCompletionTokens?: number | undefined;
}

/**
 * Estimates what one attempt costs against a tokens-per-minute limit: the
 * prompt tokens plus the completion reserve (`max_completion_tokens`, else
 * `max_tokens`, else `defaultCompletionTokens`) for each of the `n` choices.
 * This is an upper bound of the usage; the grant is reconciled with the
 * actual `usage` afterwards.
 *
 * @param options - the request, its prompt count if known, and the default reserve.
 * @returns the estimated tokens.
 * @example
 * ```ts
 * await estimateRequestTokens({ request: { messages, max_tokens: 200, n: 2 } }); // prompt + 400
 * ```
 */
export async function estimateRequestTokens(
  options: EstimateRequestTokensOptions,
): Promise<number> {
  const { request } = options;
  const promptTokens =
    options.promptTokens ??
    countPromptTokens(request, await loadTokenCounter(options.encoding ?? 'cl100k_base'));
  const reserve =
    request.max_completion_tokens ??
    request.max_tokens ??
    options.defaultCompletionTokens ??
    DEFAULT_COMPLETION_TOKENS;
  return promptTokens + reserve * Math.max(1, request.n ?? 1);
}
