import type { EmbeddingCreateParams } from 'openai/resources/embeddings';
import { ContextLengthExceededError, ValidationError } from '../errors/errors.js';
import type { ModelInfo } from '../models/model-info.js';
import {
  countEmbeddingTokens,
  countInputTokens,
  embeddingInputs,
} from '../tokens/count-embedding-tokens.js';
import {
  loadTokenCounter,
  loadedTokenCounter,
  type TokenCounter,
} from '../tokens/load-token-counter.js';

/**
 * Checks that an embeddings request for a known model can be answered,
 * before anything is sent: no input longer than the model's input limit
 * (`contextWindow`, 8191 tokens for OpenAI's embedding models), and no
 * `dimensions` above the model's own. A text whose UTF-8 length fits the
 * limit fits for sure (no token is shorter than a byte); only a longer one is
 * counted exactly, with the model's tokenizer.
 *
 * @param request - the validated request; it must not change afterwards.
 * @param model - the model's facts.
 * @returns the request's prompt tokens, as a memoised function; at once when
 * the tokenizer is loaded already, else once it is.
 * @throws {@link ContextLengthExceededError} when an input is too long.
 * @throws {@link ValidationError} when `dimensions` exceeds the model's vectors.
 */
export function embeddingPreflight(
  request: EmbeddingCreateParams,
  model: ModelInfo,
): (() => number) | Promise<() => number> {
  const { dimensions } = request;
  if (dimensions !== undefined && model.dimensions !== undefined && dimensions > model.dimensions) {
    const message = `${request.model} returns vectors of at most ${model.dimensions} dimensions; dimensions is ${dimensions}`;
    throw new ValidationError({
      message,
      param: 'dimensions',
      issues: [{ path: 'dimensions', message }],
    });
  }
  const counter = loadedTokenCounter(model.encoding);
  return counter === undefined
    ? loadTokenCounter(model.encoding).then((loaded) => check(request, model, loaded))
    : check(request, model, counter);
}

function check(
  request: EmbeddingCreateParams,
  model: ModelInfo,
  count: TokenCounter,
): () => number {
  const limit = model.contextWindow;
  embeddingInputs(request.input).forEach((input, index) => {
    if (typeof input === 'string' && Buffer.byteLength(input, 'utf8') <= limit) return;
    const tokens = countInputTokens(input, count);
    if (tokens > limit) {
      throw new ContextLengthExceededError({
        message: `${request.model} takes at most ${limit} tokens per input; input ${index} has ${tokens}`,
        param: 'input',
      });
    }
  });
  let promptTokens: number | undefined;
  return () => (promptTokens ??= countEmbeddingTokens(request.input, count));
}
