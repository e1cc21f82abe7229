import type { EmbeddingCreateParams } from 'openai/resources/embeddings';
import type { AttemptRateLimit } from '../rate-limit/create-attempt-rate-limit.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import { countEmbeddingTokens } from '../tokens/count-embedding-tokens.js';
import { loadTokenCounter } from '../tokens/load-token-counter.js';
import { limitCall } from './create-call-rate-limit.js';
import type { ClientRuntime, PreparedCall } from './runtime.js';

/**
 * Prepares the rate-limit side of an embeddings call on a deployment with a
 * limiter: one attempt takes 1 request and the input's tokens (the
 * preflight's count, or a `cl100k_base` count for a model the table does not
 * know); there is no completion to reserve for, so the grant is settled with
 * the answer's `usage.total_tokens`.
 *
 * @param runtime - what the calls of the client share.
 * @param call - the prepared call.
 * @param limiter - the deployment's limiter.
 * @returns the per-attempt steps.
 */
export async function createEmbeddingRateLimit(
  runtime: ClientRuntime,
  call: PreparedCall<EmbeddingCreateParams>,
  limiter: RateLimiter,
): Promise<AttemptRateLimit> {
  const promptTokens =
    call.promptTokens ??
    countEmbeddingTokens(call.request.input, await loadTokenCounter('cl100k_base'));
  return limitCall(runtime, call, limiter, promptTokens, promptTokens, undefined, undefined);
}
