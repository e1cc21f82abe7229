import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings';
import type { CallUsage } from '../events/client-events.js';
import { estimateCost } from '../models/estimate-cost.js';
import { countEmbeddingTokens } from '../tokens/count-embedding-tokens.js';
import { loadTokenCounter } from '../tokens/load-token-counter.js';
import type { PreparedCall } from './runtime.js';

/**
 * Token counts and cost of an embeddings call: its input tokens (from the
 * upstream's `usage.prompt_tokens`, else counted with the model's tokenizer,
 * `cl100k_base` for a model the table does not know) at the model's input
 * price; there is no output.
 *
 * @param usage - the upstream's `usage`, when it sent one.
 * @param call - the call: its request, preflight count and model.
 * @returns the usage at once when the upstream sent it, else a promise (the
 * tokenizer may have to load first).
 */
export function measureEmbeddingUsage(
  usage: CreateEmbeddingResponse.Usage | null | undefined,
  call: PreparedCall<EmbeddingCreateParams>,
): CallUsage | Promise<CallUsage> {
  if (usage != null && typeof usage.prompt_tokens === 'number') {
    return inputUsage(usage.prompt_tokens, call, 'upstream');
  }
  const counted = call.promptTokens;
  if (counted !== undefined) return inputUsage(counted, call, 'counted');
  return loadTokenCounter(call.modelInfo?.encoding ?? 'cl100k_base').then((count) =>
    inputUsage(countEmbeddingTokens(call.request.input, count), call, 'counted'),
  );
}

function inputUsage(
  promptTokens: number,
  call: PreparedCall<EmbeddingCreateParams>,
  source: CallUsage['source'],
): CallUsage {
  return {
    promptTokens,
    completionTokens: 0,
    cachedTokens: 0,
    totalTokens: promptTokens,
    costUsd: estimateCost(call.modelInfo, { promptTokens, completionTokens: 0 }),
    source,
  };
}
